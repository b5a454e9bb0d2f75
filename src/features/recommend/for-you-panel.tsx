import { useEffect, useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import type { MovieHit, PersonalPicks } from '../../worker/api';
import { PickInsight, type InsightRequest } from './pick-insight';
import { MyRatingsList } from './my-ratings-list';
import { PickList } from './pick-list';
import { TasteMap } from './taste-map';

const PICK_COUNT = 10;
const SEARCH_LIMIT = 8;

interface ForYouPanelProps {
  readonly client: RecommenderClient;
  /** Changes when the dataset changes (search and ratings belong to a dataset). */
  readonly datasetVersion: number;
  readonly hasData: boolean;
  /** Changes when a new model is ready (0: none). */
  readonly modelVersion: number;
}

/** Search movies, rate them, and get picks of your own from the trained model (fold-in). */
export function ForYouPanel({ client, datasetVersion, hasData, modelVersion }: ForYouPanelProps) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ query: string; hits: readonly MovieHit[] }>();
  const [personal, setPersonal] = useState<PersonalPicks>();
  const [insight, setInsight] = useState<InsightRequest>();

  useEffect(() => {
    let cancelled = false;
    void client.personalPicks(PICK_COUNT).then((picks) => !cancelled && setPersonal(picks));
    return () => {
      cancelled = true;
    };
  }, [client, datasetVersion, modelVersion]);

  useEffect(() => {
    if (!hasData || query.trim() === '') return;
    let cancelled = false;
    void client.searchMovies(query, SEARCH_LIMIT).then((found) => !cancelled && setHits({ query, hits: found }));
    return () => {
      cancelled = true;
    };
  }, [client, query, hasData, datasetVersion, personal]);

  const rate = (movieId: number, rating: number | null) => void client.rateMovie(movieId, rating, PICK_COUNT).then(setPersonal);
  const shownHits = hasData && query.trim() !== '' && hits?.query === query ? hits.hits : [];

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
                {[1, 2, 3, 4, 5].map((stars) => (
                  <button
                    key={stars}
                    type="button"
                    className={`star${hit.myRating !== undefined && hit.myRating >= stars ? ' star--on' : ''}`}
                    aria-label={`Rate ${stars}`}
                    aria-pressed={hit.myRating === stars}
                    onClick={() => rate(hit.movieId, stars)}
                  >
                    ★
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
      {hasData && query.trim() !== '' && hits?.query === query && shownHits.length === 0 && <p className="hint">No title matches "{query}".</p>}

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
            ? { onExplain: (movieId) => setInsight({ kind: 'why', movieId }), onSimilar: (movieId) => setInsight({ kind: 'similar', movieId }) }
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
      <TasteMap client={client} modelVersion={modelVersion} ratingsVersion={personal} onPick={(movieId) => setInsight({ kind: 'similar', movieId })} />
      {insight && (insight.kind === 'similar' || personal?.basis === 'your-ratings') && (
        <PickInsight
          client={client}
          request={insight}
          forUser="me"
          onClose={() => setInsight(undefined)}
          onSimilar={(movieId) => setInsight({ kind: 'similar', movieId })}
        />
      )}
    </section>
  );
}
