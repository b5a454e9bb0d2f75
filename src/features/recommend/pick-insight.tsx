import type { RecommenderClient } from '../../lib/recommender-client';
import { rankingModelName } from '../../lib/format';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { ExplanationOutcome, ModelInfo, SimilarMoviesOutcome } from '../../worker/api';

export interface InsightRequest {
  readonly kind: 'similar' | 'why';
  readonly movieId: number;
}

const SIMILAR_COUNT = 10;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;

/** "Why this pick" (the parts of the prediction and the rater's liked movies most like it) or
 * "Similar movies" (nearest in taste space), for one movie; shown in the card that asked
 * (see in-place-insight.tsx). */
export function PickInsight({
  client,
  model,
  request,
  forUser,
  ratingsKey = '',
  onClose,
  onSimilar,
}: {
  readonly client: RecommenderClient;
  /** The model whose factors answer; the insight is asked again when it changes. */
  readonly model: ModelInfo | undefined;
  readonly request: InsightRequest;
  readonly forUser: number | 'me';
  /** For 'me': changes with the person's ratings, which the explanation depends on. */
  readonly ratingsKey?: string;
  readonly onClose: () => void;
  readonly onSimilar: (movieId: number) => void;
}) {
  const question = `${model?.modelId}:${request.kind}:${request.movieId}:${forUser}:${ratingsKey}`;
  const shown = useWorkerAnswer(question, async (): Promise<{ similar?: SimilarMoviesOutcome; why?: ExplanationOutcome }> =>
    request.kind === 'similar'
      ? { similar: await client.similarMovies(request.movieId, SIMILAR_COUNT) }
      : { why: await client.explainPick(request.movieId, forUser) },
  );
  const close = (
    <button type="button" className="link-button" onClick={onClose}>
      Close
    </button>
  );
  if (!shown) return <p className="hint">Asking the model…</p>;
  if (shown.similar) {
    const similar = shown.similar;
    if (!similar.ok)
      return (
        <p className="hint">
          {similar.message} {close}
        </p>
      );
    return (
      <div className="insight" data-testid="similar-movies" data-movie-id={similar.movie.movieId}>
        <h3>Movies like {similar.movie.title}</h3>
        <ol>
          {similar.similar.map((m) => (
            <li key={m.movieId} data-movie-id={m.movieId} data-similarity={m.similarity.toFixed(4)}>
              <button type="button" className="link-button" onClick={() => onSimilar(m.movieId)}>
                {m.title}
              </button>{' '}
              <span className="hint">
                ({m.genres.join(' · ') || 'no genres'}, cosine {m.similarity.toFixed(2)})
              </span>
            </li>
          ))}
        </ol>
        <p className="hint">
          Cosine of the {similar.factors === 'ranking' ? `ranking model's (${rankingModelName(model?.origin?.engine)})` : "rating model's"}{' '}
          movie factors, among movies with at least {similar.minimumRatings} ratings. {close}
        </p>
      </div>
    );
  }
  const why = shown.why;
  if (!why) return null;
  if (!why.ok)
    return (
      <p className="hint">
        {why.message} {close}
      </p>
    );
  const { parts } = why;
  return (
    <div className="insight" data-testid="why-this" data-movie-id={why.movieId}>
      <h3>Why {why.title}?</h3>
      <table className="metrics-table breakdown">
        <tbody>
          <tr data-part="global-mean">
            <th scope="row">Average rating of all movies (μ)</th>
            <td>{parts.globalMean.toFixed(2)}</td>
          </tr>
          <tr data-part="user-bias">
            <th scope="row">{forUser === 'me' ? 'You rate' : 'This user rates'} above or below average (b_u)</th>
            <td>{signed(parts.userBias)}</td>
          </tr>
          <tr data-part="movie-bias">
            <th scope="row">This movie is rated above or below average (b_i)</th>
            <td>{signed(parts.movieBias)}</td>
          </tr>
          <tr data-part="taste-match">
            <th scope="row">Taste match (p_u · q_i)</th>
            <td>{signed(parts.tasteMatch)}</td>
          </tr>
          <tr data-part="total">
            <th scope="row">Predicted rating{parts.total !== why.predicted ? ` (${parts.total.toFixed(2)}, shown on the scale)` : ''}</th>
            <td>{why.predicted.toFixed(2)}</td>
          </tr>
        </tbody>
      </table>
      {why.because.length > 0 && (
        <p>
          Because {forUser === 'me' ? 'you' : 'this user'} rated{' '}
          {why.because.map((b, i) => (
            <span key={b.movieId} data-testid="because">
              {i > 0 ? (i === why.because.length - 1 ? ' and ' : ', ') : ''}
              {b.title} ({b.rating}★)
            </span>
          ))}
          .
        </p>
      )}
      {why.match && (
        <p data-testid="match-explanation" data-match={why.match.score.toFixed(4)}>
          Taste match {why.match.score.toFixed(2)} (the ranking model, {rankingModelName(model?.origin?.engine)})
          {why.match.because.length > 0 && (
            <>
              : mostly because {forUser === 'me' ? 'you' : 'this user'} rated{' '}
              {why.match.because.map((b, i) => (
                <span key={b.movieId} data-testid="match-because" data-movie-id={b.movieId}>
                  {i > 0 ? (i === why.match!.because.length - 1 ? ' and ' : ', ') : ''}
                  {b.title} ({b.rating}★, {Math.round(b.share * 100)} %)
                </span>
              ))}
            </>
          )}
          .
        </p>
      )}
      <p className="hint">{close}</p>
    </div>
  );
}
