import type { DatasetIndexes } from './dataset-indexes';

/** What a person narrows Top picks to. */
export interface PickFilter {
  readonly genre?: string;
  readonly yearFrom?: number;
  readonly yearTo?: number;
}

/**
 * Which movies may be listed as picks: enough ratings (obscure titles with one lucky rating do
 * not crowd the list), the genre, and the years (a movie without a year passes "from", since
 * nothing says it is older, but not "to").
 */
export function pickEligibility(indexes: DatasetIndexes, filter: PickFilter = {}): (movie: number) => boolean {
  const { ratingsPerMovie, movieYears, minimumRatings } = indexes;
  const { movieInfo } = indexes.dataset;
  const { genre, yearFrom, yearTo } = filter;
  return (movie) => {
    const year = movieYears[movie] ?? 0;
    return (
      (ratingsPerMovie[movie] ?? 0) >= minimumRatings &&
      (genre === undefined || (movieInfo[movie]?.genres.includes(genre) ?? false)) &&
      (yearFrom === undefined || year >= yearFrom) &&
      (yearTo === undefined || (year > 0 && year <= yearTo))
    );
  };
}
