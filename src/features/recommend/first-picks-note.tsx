import type { FirstPicksPhase } from '../../worker/api';

/**
 * Says, while a training goes on, that the listed picks come early: the ranking model is still
 * improving them ('early'), or they are final and only the predicted stars are still to come
 * ('ranker'). Only the early phase carries the `first-picks` hook: once the final ranking model
 * lists the picks, they are no longer early.
 */
export function FirstPicksNote({ phase }: { readonly phase: FirstPicksPhase }) {
  if (phase === 'early') {
    return (
      <p className="first-picks hint" data-testid="first-picks" data-phase="early" role="status">
        Early picks: the ranking model is still improving them…
      </p>
    );
  }
  return (
    <p className="first-picks hint" role="status">
      These picks are final; predicted stars come when the rating model has trained…
    </p>
  );
}
