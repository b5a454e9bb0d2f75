import type { NotSeenMovie } from '../../worker/api';

interface NotSeenListProps {
  readonly movies: readonly NotSeenMovie[];
  /** Takes back a "Haven't seen": the deck may ask about the movie again. */
  readonly onAskAgain: (movieId: number) => void;
}

/** The movies answered "Haven't seen" in the deck, under Your ratings: each can be taken back
 * (rating one is done from the deck or the search, which also clears its mark). */
export function NotSeenList({ movies, onAskAgain }: NotSeenListProps) {
  if (movies.length === 0) return null;
  return (
    <details className="not-seen-list">
      <summary>
        Haven't seen: {movies.length} movie{movies.length === 1 ? '' : 's'} (not asked again)
      </summary>
      <ul data-testid="not-seen-list">
        {movies.map((movie) => (
          <li key={movie.movieId} data-movie-id={movie.movieId}>
            <span className="pick__title">{movie.title}</span>
            <button type="button" className="link-button" onClick={() => onAskAgain(movie.movieId)}>
              Ask again<span className="visually-hidden"> about {movie.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
