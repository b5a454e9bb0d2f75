import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { MyRating } from '../../worker/api';

const HALF_STARS = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);
/** A row on one line; rows that wrap are measured. */
const ROW_HEIGHT = 44;

interface MyRatingsListProps {
  readonly ratings: readonly MyRating[];
  readonly onRate: (movieId: number, rating: number | null) => void;
  /** Opens (or closes) the movie's similar movies under the list; `opener` gets focus back. */
  readonly onSimilar: (movieId: number, opener: HTMLElement) => void;
  /** The movie whose similar movies are open, for aria-expanded. */
  readonly similarOpenFor?: number;
}

/** The person's ratings: change in half stars, remove, or see similar movies. Virtualized (only
 * the rows in view are in the page), so hundreds of ratings stay quick. */
export function MyRatingsList(props: MyRatingsListProps) {
  // The virtualizer measures its box as it mounts, a forced layout of the whole page (130 ms on
  // the empty page, measured by profiling the load): with nothing rated there is nothing to measure.
  if (props.ratings.length === 0) return <ul className="my-ratings" data-testid="my-ratings" />;
  return <VirtualRatings {...props} />;
}

function VirtualRatings({ ratings, onRate, onSimilar, similarOpenFor }: MyRatingsListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design; this component does not memoize them.
  const virtualizer = useVirtualizer({
    count: ratings.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    <div ref={scroller} className="my-ratings-scroller">
      <ul className="my-ratings" data-testid="my-ratings" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const r = ratings[row.index];
          return (
            // Each row is measured (on a phone a long title wraps it onto two lines, and a fixed
            // height let the next row overlap it).
            <li
              key={r.movieId}
              ref={virtualizer.measureElement}
              data-index={row.index}
              data-movie-id={r.movieId}
              data-rating={r.rating}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
            >
              <span className="pick__title">{r.title}</span>
              <label>
                <span className="visually-hidden">Your rating of {r.title}</span>
                <select value={r.rating} onChange={(event) => onRate(r.movieId, Number(event.currentTarget.value))}>
                  {HALF_STARS.map((value) => (
                    <option key={value} value={value}>
                      {value} ★
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="link-button" onClick={() => onRate(r.movieId, null)}>
                Remove<span className="visually-hidden"> {r.title}</span>
              </button>
              <button
                type="button"
                className="link-button"
                aria-expanded={similarOpenFor === r.movieId}
                onClick={(event) => onSimilar(r.movieId, event.currentTarget)}
              >
                Similar<span className="visually-hidden"> to {r.title}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
