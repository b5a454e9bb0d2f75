import { useRef, useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { LoadedDataset, ModelInfo, PersonalPicks, RatingOutcome } from '../../worker/api';
import { NotSeenList } from './not-seen-list';
import { QuestionDeck } from './question-deck';
import { InsightSlot, insightRegionId, useInPlaceInsights, type OpenInsight } from './in-place-insight';
import { PickInsight } from './pick-insight';
import { MyRatingsList } from './my-ratings-list';
import { PickList } from './pick-list';
import { lazyChart } from '../../lib/lazy-chart';
import type { PickOrder } from './ranked-by-select';

const PICK_COUNT = 10;
/** The taste map is drawn by recharts: loaded once there is a model to map (see lazyChart). */
const TasteMap = lazyChart(() => import('./taste-map').then((m) => m.TasteMap), 400);
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
  const searchInput = useRef<HTMLInputElement>(null);
  const insights = useInPlaceInsights();
  // The answer to the last rating, for this dataset and model: newer than the picks asked before it.
  const [rated, setRated] = useState<{ readonly key: string; readonly picks: PersonalPicks }>();
  const [rateFailure, setRateFailure] = useState<string>();
  const hasData = dataset !== undefined;
  const picksKey = `${dataset?.datasetId}:${model?.modelId}:${order.rankerId}:${order.rankedBy}`;
  // A better model (the training goes on) replaces the list in place, without a blank between.
  const asked = useWorkerAnswer(picksKey, () => client.personalPicks(PICK_COUNT, order.rankedBy), {
    sameAs: `${dataset?.datasetId}:${order.rankedBy}`,
  });
  const personal = rated?.key === picksKey ? rated.picks : asked;
  const ratingsKey = (personal?.ratings ?? []).map((r) => `${r.movieId}=${r.rating}`).join(',');
  const searchKey = hasData && query.trim() !== '' ? `${dataset.datasetId}:${query}` : undefined;
  // The person's ratings as the page last heard them: hits show them without searching again.
  const myRatings = new Map((personal?.ratings ?? []).map((r) => [r.movieId, r.rating]));
  const hits = useWorkerAnswer(searchKey, () => client.searchMovies(query, SEARCH_LIMIT));

  const show = (outcome: RatingOutcome) => {
    setRateFailure(outcome.ok ? undefined : outcome.message);
    if (outcome.ok) setRated({ key: picksKey, picks: outcome });
    return outcome;
  };
  const rateAndShow = (movieId: number, rating: number | null) => client.rateMovie(movieId, rating, PICK_COUNT, order.rankedBy).then(show);
  const markNotSeen = (movieId: number, notSeen: boolean) => client.markNotSeen(movieId, notSeen, PICK_COUNT, order.rankedBy).then(show);
  const rate = (movieId: number, rating: number | null) => void rateAndShow(movieId, rating);
  const shownHits = hits ?? [];
  const renderInsight = (open: OpenInsight) => (
    <PickInsight
      client={client}
      model={model}
      request={open}
      forUser="me"
      ratingsKey={ratingsKey}
      onClose={insights.close}
      onSimilar={(movieId) => insights.follow({ kind: 'similar', movieId })}
    />
  );
  /** The slot under a list that cannot hold it in a row (the virtualized ratings, the map). */
  const slotUnder = (place: string, what: string) => {
    const open = insights.openAt(place);
    return (
      open && (
        <InsightSlot
          id={insightRegionId(place, open.anchorMovieId)}
          label={`Similar to a movie ${what}`}
          focusKey={`${open.kind}:${open.movieId}`}
          onClose={insights.close}
        >
          {renderInsight(open)}
        </InsightSlot>
      )
    );
  };

  return (
    <section className="panel" aria-labelledby="for-you-heading">
      <h2 id="for-you-heading">4. For you</h2>
      <p className="hint">Rate a few movies you know: your picks update at once, without retraining. Your ratings stay in this browser.</p>
      {hasData && (
        <QuestionDeck
          client={client}
          datasetId={dataset.datasetId}
          rankerId={order.rankerId}
          personal={personal}
          rate={rateAndShow}
          markNotSeen={markNotSeen}
          onNameMovies={() => searchInput.current?.focus()}
        />
      )}
      <label className="search-field">
        <span>Search movies</span>
        <input
          ref={searchInput}
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
          {shownHits.map((hit) => {
            const open = insights.openAt('search', hit.movieId);
            const regionId = insightRegionId('search', hit.movieId);
            return (
              <li key={hit.movieId} data-testid="search-result" data-movie-id={hit.movieId}>
                <span className="pick__title">{hit.title}</span>
                <span className="pick__genres">
                  {hit.genres.join(' · ') || 'no genres listed'} · {hit.ratingCount.toLocaleString('en-US')} ratings{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open !== undefined}
                    aria-controls={open ? regionId : undefined}
                    onClick={(event) => insights.toggle('search', { kind: 'similar', movieId: hit.movieId }, event.currentTarget)}
                  >
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
                {open && (
                  <InsightSlot
                    id={regionId}
                    label={`Similar to ${hit.title}`}
                    focusKey={`${open.kind}:${open.movieId}`}
                    onClose={insights.close}
                  >
                    {renderInsight(open)}
                  </InsightSlot>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {hits && hits.length === 0 && <p className="hint">No title matches "{query}".</p>}
      {rateFailure && (
        <div role="alert" className="alert alert--error">
          {rateFailure}
        </div>
      )}

      <h3>Your ratings</h3>
      <MyRatingsList
        ratings={personal?.ratings ?? []}
        onRate={rate}
        similarOpenFor={insights.openAt('mine')?.anchorMovieId}
        onSimilar={(movieId, opener) => insights.toggle('mine', { kind: 'similar', movieId }, opener)}
      />
      {slotUnder('mine', 'you rated')}
      {personal && personal.ratings.length === 0 && <p className="hint">No ratings yet.</p>}
      <NotSeenList movies={personal?.notSeen ?? []} onAskAgain={(movieId) => void markNotSeen(movieId, false)} />

      <h3>{personal?.basis === 'your-ratings' ? 'Picked for you' : 'Well rated and popular'}</h3>
      {personal?.message && <p className="hint">{personal.message}</p>}
      <PickList
        picks={personal?.picks ?? []}
        testId="for-you"
        stars={model?.origin?.feedback !== 'implicit' && !model?.provisional}
        actions={personal?.basis === 'your-ratings' ? { place: 'for-you', insights, renderInsight } : undefined}
      />
      {personal && personal.picks.length > 0 && (
        <p className="hint">
          {personal.basis === 'your-ratings'
            ? `From your ${personal.ratings.length} rating${personal.ratings.length === 1 ? '' : 's'}, folded into the model in ${personal.millis.toFixed(1)} ms.`
            : 'Rate movies to make these your own.'}
        </p>
      )}
      {model && !model.provisional && (
        <TasteMap
          client={client}
          model={model}
          ratingsKey={ratingsKey}
          onPick={(movieId) => insights.toggle('map', { kind: 'similar', movieId })}
        />
      )}
      {slotUnder('map', 'on the map')}
    </section>
  );
}
