import { useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { LoadedDataset, ModelInfo, PersonalPicks } from '../../worker/api';
import { PickInsight, type InsightRequest } from './pick-insight';
import { MyRatingsList } from './my-ratings-list';
import { PickList } from './pick-list';
import { TasteMap } from './taste-map';
import type { PickOrder } from './ranked-by-select';

const PICK_COUNT = 10;
const SEARCH_LIMIT = 8;

interface ForYouPanelProps {
  readonly client: RecommenderClient;
  /** Search and ratings belong to a dataset. */
  readonly dataset: LoadedDataset | undefined;
  /** The model that folds the ratings in; undefined while there is none. */
  readonly model: ModelInfo | undefined;
  readonly order: PickOrder;
}

/** Search movies, rate them, and get picks of your own from the trained model (fold-in). */
export function ForYouPanel({ client, dataset, model, order }: ForYouPanelProps) {
  const [query, setQuery] = useState('');
  const [insight, setInsight] = useState<InsightRequest>();
  // The answer to the last rating, for this dataset and model: newer than the picks asked before it.
  const [rated, setRated] = useState<{ readonly key: string; readonly picks: PersonalPicks }>();
  const [rateFailure, setRateFailure] = useState<string>();
  const hasData = dataset !== undefined;
  const picksKey = `${dataset?.datasetId}:${model?.modelId}:${order.rankerId}:${order.rankedBy}`;
  const asked = useWorkerAnswer(picksKey, () => client.personalPicks(PICK_COUNT, order.rankedBy));
  const personal = rated?.key === picksKey ? rated.picks : asked;
  const ratingsKey = (personal?.ratings ?? []).map((r) => `${r.movieId}=${r.rating}`).join(',');
  const searchKey = hasData && query.trim() !== '' ? `${dataset.datasetId}:${query}` : undefined;
  // The person's ratings as the page last heard them: hits show them without searching again.
  const myRatings = new Map((personal?.ratings ?? []).map((r) => [r.movieId, r.rating]));
  const hits = useWorkerAnswer(searchKey, () => client.searchMovies(query, SEARCH_LIMIT));

  const rate = (movieId: number, rating: number | null) =>
    void client.rateMovie(movieId, rating, PICK_COUNT, order.rankedBy).then((outcome) => {
      setRateFailure(outcome.ok ? undefined : outcome.message);
      if (outcome.ok) setRated({ key: picksKey, picks: outcome });
    });
  const shownHits = hits ?? [];

  return (
    <section className="panel" aria-labelledby="for-you-heading">
      <h2 id="for-you-heading">4. For you</h2>
      <p className="hint">Rate a few movies you know: your picks update at once, without retraining. Your ratings stay in this browser.</p>
      <label className="search-field">
        <span>Search movies</span>
        <input
          type="search"
          data-testid="movie-search"
          placeholder={hasData ? 'Title, e.g. "matrix 1999"' : 'Load data first'}
          disabled={!hasData}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
        />
      </label>
      {shownHits.length > 0 && (
        <ul className="search-results">
          {shownHits.map((hit) => (
            <li key={hit.movieId} data-testid="search-result" data-movie-id={hit.movieId}>
              <span className="pick__title">{hit.title}</span>
              <span className="pick__genres">
                {hit.genres.join(' · ') || 'no genres listed'} · {hit.ratingCount.toLocaleString('en-US')} ratings{' '}
                <button type="button" className="link-button" onClick={() => setInsight({ kind: 'similar', movieId: hit.movieId })}>
                  Similar<span className="visually-hidden"> to {hit.title}</span>
                </button>
              </span>
              <span className="stars" role="group" aria-label={`Rate ${hit.title}`}>
                {[1, 2, 3, 4, 5].map((stars) => {
                  const mine = myRatings.get(hit.movieId);
                  return (
                    <button
                      key={stars}
                      type="button"
                      className={`star${mine !== undefined && mine >= stars ? ' star--on' : ''}`}
                      aria-label={`Rate ${stars}`}
                      aria-pressed={mine === stars}
                      onClick={() => rate(hit.movieId, stars)}
                    >
                      ★
                    </button>
                  );
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {hits && hits.length === 0 && <p className="hint">No title matches "{query}".</p>}
      {rateFailure && (
        <div role="alert" className="alert alert--error">
          {rateFailure}
        </div>
      )}

      <h3>Your ratings</h3>
      <MyRatingsList ratings={personal?.ratings ?? []} onRate={rate} onSimilar={(movieId) => setInsight({ kind: 'similar', movieId })} />
      {personal && personal.ratings.length === 0 && <p className="hint">No ratings yet.</p>}

      <h3>{personal?.basis === 'your-ratings' ? 'Picked for you' : 'Well rated and popular'}</h3>
      {personal?.message && <p className="hint">{personal.message}</p>}
      <PickList
        picks={personal?.picks ?? []}
        testId="for-you"
        actions={
          personal?.basis === 'your-ratings'
            ? {
                onExplain: (movieId) => setInsight({ kind: 'why', movieId }),
                onSimilar: (movieId) => setInsight({ kind: 'similar', movieId }),
              }
            : undefined
        }
      />
      {personal && personal.picks.length > 0 && (
        <p className="hint">
          {personal.basis === 'your-ratings'
            ? `From your ${personal.ratings.length} rating${personal.ratings.length === 1 ? '' : 's'}, folded into the model in ${personal.millis.toFixed(1)} ms.`
            : 'Rate movies to make these your own.'}
        </p>
      )}
      <TasteMap client={client} model={model} ratingsKey={ratingsKey} onPick={(movieId) => setInsight({ kind: 'similar', movieId })} />
      {insight && (insight.kind === 'similar' || personal?.basis === 'your-ratings') && (
        <PickInsight
          client={client}
          model={model}
          request={insight}
          forUser="me"
          ratingsKey={ratingsKey}
          onClose={() => setInsight(undefined)}
          onSimilar={(movieId) => setInsight({ kind: 'similar', movieId })}
        />
      )}
    </section>
  );
}
