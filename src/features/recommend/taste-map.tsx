import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { ModelInfo } from '../../worker/api';

/** At most this many movies are drawn: the most rated ones (a 62k-movie catalogue is sampled). */
const MAX_POINTS = 1500;
const PALETTE = ['#3867d6', '#e0623a', '#20bf6b', '#8854d0', '#f7b731', '#0fb9b1', '#eb3b5a', '#4b6584', '#a5b1c2'];

interface TasteMapProps {
  readonly client: RecommenderClient;
  readonly model: ModelInfo | undefined;
  /** Changes when the person's ratings change (their position moves). */
  readonly ratingsKey: string;
  readonly onPick: (movieId: number) => void;
}

interface Point {
  readonly movieId: number;
  readonly title: string;
  readonly x: number;
  readonly y: number;
}

/**
 * The taste map: movies' taste vectors projected on their two main directions (PCA), colored by
 * first genre, with the person's own position. Movies close together are liked by the same
 * people. Clicking a movie shows its similar movies.
 */
export function TasteMap({ client, model, ratingsKey, onPick }: TasteMapProps) {
  const answer = useWorkerAnswer(model && `${model.modelId}:${ratingsKey}`, () => client.tasteMap(MAX_POINTS), {
    keepPrevious: true,
  });
  // No map for a model without taste vectors (the MLP): nothing to draw, nothing to say.
  const data = answer?.ok ? answer : undefined;
  if (!data) return null;
  const counts = new Map<string, number>();
  for (const p of data.points) counts.set(p.genre, (counts.get(p.genre) ?? 0) + 1);
  const shownGenres = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PALETTE.length - 1)
    .map(([g]) => g);
  const groups = [...shownGenres, 'other'].map((genre) => ({
    genre,
    points: data.points.filter((p) => (genre === 'other' ? !shownGenres.includes(p.genre) : p.genre === genre)) as Point[],
  }));
  return (
    <figure className="taste-map" data-testid="taste-map" data-points={data.points.length}>
      <figcaption className="hint">
        Taste map: the {data.points.length.toLocaleString('en-US')} most rated of {data.totalMovies.toLocaleString('en-US')} movies, placed
        by their taste vectors (first two principal components). Click a movie for similar ones.
      </figcaption>
      <ResponsiveContainer width="100%" height={360}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" />
          <XAxis type="number" dataKey="x" name="taste 1" tick={false} />
          <YAxis type="number" dataKey="y" name="taste 2" tick={false} width={10} />
          <Tooltip
            cursor={false}
            content={({ payload }) => {
              const point = payload?.[0]?.payload as Point | undefined;
              return point ? <div className="tooltip">{point.title}</div> : null;
            }}
          />
          <Legend />
          {groups.map((group, i) => (
            <Scatter
              key={group.genre}
              name={group.genre}
              data={group.points}
              fill={PALETTE[i]}
              fillOpacity={0.6}
              isAnimationActive={false}
              onClick={(point) => {
                const movieId = (point as unknown as { payload?: Point }).payload?.movieId;
                if (movieId !== undefined) onPick(movieId);
              }}
            />
          ))}
          {data.me && (
            <Scatter
              name="you"
              data={[{ ...data.me, title: 'You', movieId: -1 }]}
              fill="var(--chart-me)"
              shape="star"
              isAnimationActive={false}
            />
          )}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
