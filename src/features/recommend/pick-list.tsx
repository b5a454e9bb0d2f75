import type { ReactNode } from 'react';
import type { MoviePick } from '../../worker/api';
import { InsightSlot, insightRegionId, type InPlaceInsights, type OpenInsight } from './in-place-insight';

export interface PickActions {
  /** Which list this is, so an insight opens in this list's card and no other. */
  readonly place: string;
  readonly insights: InPlaceInsights;
  /** What an open insight shows (the panel knows the user and the model). */
  readonly renderInsight: (open: OpenInsight) => ReactNode;
}

/** A ranked list of picks with the hooks of the UI contract (pick, data-movie-id, data-predicted),
 * and per pick "Why?" and "Similar" when actions are given, opening in the card itself. */
export function PickList({
  picks,
  testId,
  actions,
  stars = true,
}: {
  readonly picks: readonly MoviePick[];
  readonly testId: string;
  readonly actions?: PickActions;
  /** False for a model of implicit feedback (imported from Spark or implicit): its p_uᵀq_i is a
   * preference, not a rating, so only the match is shown. */
  readonly stars?: boolean;
}) {
  return (
    <ol className="picks" data-testid={testId}>
      {picks.map((pick) => {
        const open = actions?.insights.openAt(actions.place, pick.movieId);
        const regionId = actions && insightRegionId(actions.place, pick.movieId);
        return (
          <li
            key={pick.movieId}
            data-testid="pick"
            data-movie-id={pick.movieId}
            data-predicted={String(pick.predicted)}
            // Exact (a float32 as a double): tests compare it with the engine that trained the model.
            data-match={pick.match === undefined ? undefined : String(pick.match)}
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
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={actions.insights.isOpen(actions.place, pick.movieId, 'why')}
                    aria-controls={open ? regionId : undefined}
                    onClick={(event) => actions.insights.toggle(actions.place, { kind: 'why', movieId: pick.movieId }, event.currentTarget)}
                  >
                    Why?<span className="visually-hidden"> {pick.title}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={actions.insights.isOpen(actions.place, pick.movieId, 'similar')}
                    aria-controls={open ? regionId : undefined}
                    onClick={(event) =>
                      actions.insights.toggle(actions.place, { kind: 'similar', movieId: pick.movieId }, event.currentTarget)
                    }
                  >
                    Similar<span className="visually-hidden"> to {pick.title}</span>
                  </button>
                </>
              )}
            </span>
            <span
              className="pick__score"
              aria-label={stars ? `predicted rating ${pick.predicted.toFixed(1)}` : `match ${(pick.match ?? 0).toFixed(2)}`}
            >
              {stars && <>★ {pick.predicted.toFixed(2)}</>}
              {pick.match !== undefined && (
                <span className="pick__match" title="the ranking model's taste match: about 1 is as sure as a movie they rated">
                  {stars && ' · '}match {pick.match.toFixed(2)}
                  {/* A small bar of the match, 0 to 1 (as sure as a movie they rated). */}
                  <meter className="match-bar" min={0} max={1} value={Math.max(0, Math.min(1, pick.match))} aria-hidden="true" />
                </span>
              )}
            </span>
            {actions && open && regionId && (
              <InsightSlot
                id={regionId}
                label={`${open.kind === 'why' ? 'Why' : 'Similar to'} ${pick.title}`}
                focusKey={`${open.kind}:${open.movieId}`}
                onClose={actions.insights.close}
              >
                {actions.renderInsight(open)}
              </InsightSlot>
            )}
          </li>
        );
      })}
    </ol>
  );
}
