import type { MoviePick } from '../../worker/api';

export interface PickActions {
  readonly onSimilar: (movieId: number) => void;
  readonly onExplain: (movieId: number) => void;
}

/** A ranked list of picks with the hooks of the UI contract (pick, data-movie-id, data-predicted),
 * and per pick "Why?" and "Similar" when actions are given. */
export function PickList({
  picks,
  testId,
  actions,
}: {
  readonly picks: readonly MoviePick[];
  readonly testId: string;
  readonly actions?: PickActions;
}) {
  return (
    <ol className="picks" data-testid={testId}>
      {picks.map((pick) => (
        <li
          key={pick.movieId}
          data-testid="pick"
          data-movie-id={pick.movieId}
          data-predicted={pick.predicted.toFixed(3)}
          data-match={pick.match?.toFixed(4)}
        >
          <span className="pick__title">{pick.title}</span>
          <span className="pick__genres">
            {pick.genres.length === 0 ? (
              'no genres listed'
            ) : (
              <span className="chips">
                {pick.genres.map((genre) => (
                  <span key={genre} className="chip">
                    {genre}
                  </span>
                ))}
              </span>
            )}
            {pick.ratingCount !== undefined && (
              <span className="pick__count">
                {' '}
                · {pick.ratingCount.toLocaleString('en-US')} rating{pick.ratingCount === 1 ? '' : 's'}
              </span>
            )}
            {actions && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => actions.onExplain(pick.movieId)}>
                  Why?<span className="visually-hidden"> {pick.title}</span>
                </button>{' '}
                <button type="button" className="link-button" onClick={() => actions.onSimilar(pick.movieId)}>
                  Similar<span className="visually-hidden"> to {pick.title}</span>
                </button>
              </>
            )}
          </span>
          <span className="pick__score" aria-label={`predicted rating ${pick.predicted.toFixed(1)}`}>
            ★ {pick.predicted.toFixed(2)}
            {pick.match !== undefined && (
              <span className="pick__match" title="the ranking model's taste match: about 1 is as sure as a movie they rated">
                {' '}
                · match {pick.match.toFixed(2)}
                {/* A small bar of the match, 0 to 1 (as sure as a movie they rated). */}
                <meter className="match-bar" min={0} max={1} value={Math.max(0, Math.min(1, pick.match))} aria-hidden="true" />
              </span>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
