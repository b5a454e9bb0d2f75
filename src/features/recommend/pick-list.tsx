import type { Pick } from '../../worker/api';

/** A ranked list of picks with the hooks of the UI contract (pick, data-movie-id, data-predicted). */
export function PickList({ picks, testId }: { readonly picks: readonly Pick[]; readonly testId: string }) {
  return (
    <ol className="picks" data-testid={testId}>
      {picks.map((pick) => (
        <li key={pick.movieId} data-testid="pick" data-movie-id={pick.movieId} data-predicted={pick.predicted.toFixed(3)}>
          <span className="pick__title">{pick.title}</span>
          <span className="pick__genres">{pick.genres.join(' · ') || 'no genres listed'}</span>
          <span className="pick__score" aria-label={`predicted rating ${pick.predicted.toFixed(1)}`}>
            ★ {pick.predicted.toFixed(2)}
          </span>
        </li>
      ))}
    </ol>
  );
}
