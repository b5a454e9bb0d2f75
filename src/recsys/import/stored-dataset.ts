import { IdMap, type Dataset } from '../dataset';
import type { ImportReport } from './import-report';

/**
 * The binary form of an imported dataset, for the browser's storage: typed columns as they
 * are (structured clone stores them as raw bytes), ids, titles. Restoring it skips parsing
 * entirely, which is what makes a reload or a second drop of the same files instant.
 */
export interface StoredDataset {
  readonly version: 1;
  readonly fingerprint: string;
  readonly name: string;
  readonly user: Int32Array;
  readonly movie: Int32Array;
  readonly rating: Float32Array;
  readonly timestamp: Uint32Array;
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
  readonly titles: readonly string[];
  /** Genres per movie, "|"-joined as in MovieLens. */
  readonly genres: readonly string[];
  readonly ratingScale: Dataset['ratingScale'];
  readonly givenSplit?: Dataset['givenSplit'];
  readonly report: ImportReport;
}

export function toStored(dataset: Dataset, report: ImportReport, fingerprint: string): StoredDataset {
  return {
    version: 1,
    fingerprint,
    name: dataset.name,
    user: dataset.ratings.user,
    movie: dataset.ratings.movie,
    rating: dataset.ratings.rating,
    timestamp: dataset.timestamp,
    userIds: dataset.users.rawIds(),
    movieIds: dataset.movies.rawIds(),
    titles: dataset.movieInfo.map((m) => m.title),
    genres: dataset.movieInfo.map((m) => m.genres.join('|')),
    ratingScale: dataset.ratingScale,
    givenSplit: dataset.givenSplit,
    report,
  };
}

/** The dataset back, or undefined when the stored form is not one this version can trust. */
export function fromStored(stored: StoredDataset): { dataset: Dataset; report: ImportReport } | undefined {
  const n = stored.rating?.length;
  const consistent =
    stored.version === 1 &&
    stored.user?.length === n &&
    stored.movie?.length === n &&
    stored.timestamp?.length === n &&
    stored.titles?.length === stored.movieIds?.length &&
    stored.genres?.length === stored.movieIds?.length;
  if (!consistent) return undefined;
  const userCount = stored.userIds.length;
  const movieCount = stored.movieIds.length;
  // Valid by construction when it was stored; checked again because storage can be tampered with.
  for (let r = 0; r < n; r++) {
    const user = stored.user[r]!;
    const movie = stored.movie[r]!;
    if (!(user >= 0 && user < userCount && movie >= 0 && movie < movieCount)) return undefined;
  }
  return {
    dataset: {
      name: stored.name,
      ratings: { user: stored.user, movie: stored.movie, rating: stored.rating },
      timestamp: stored.timestamp,
      users: IdMap.fromRawIds(stored.userIds),
      movies: IdMap.fromRawIds(stored.movieIds),
      movieInfo: stored.titles.map((title, i) => {
        const genres = stored.genres[i] ?? ''; // as many genre lists as titles (checked above)
        return { title, genres: genres === '' ? [] : genres.split('|') };
      }),
      ratingScale: stored.ratingScale,
      givenSplit: stored.givenSplit,
    },
    report: stored.report,
  };
}
