import type { RatingColumns } from './dataset';

/** Which movies each user has rated, as compressed rows (no object per rating). */
export interface UserRatingsIndex {
  /** Ratings of user u are at rows offsets[u] .. offsets[u+1]-1 of `movies`. */
  readonly offsets: Int32Array;
  readonly movies: Int32Array;
}

export function indexRatingsByUser(columns: RatingColumns, userCount: number): UserRatingsIndex {
  const offsets = new Int32Array(userCount + 1);
  for (const u of columns.user) offsets[u + 1]++;
  for (let u = 0; u < userCount; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, userCount);
  const movies = new Int32Array(columns.user.length);
  for (let r = 0; r < columns.user.length; r++) movies[cursor[columns.user[r]]++] = columns.movie[r];
  return { offsets, movies };
}

export function moviesRatedBy(index: UserRatingsIndex, user: number): Int32Array {
  return index.movies.subarray(index.offsets[user], index.offsets[user + 1]);
}

/** Number of ratings per movie. */
export function countRatingsPerMovie(columns: RatingColumns, movieCount: number): Int32Array {
  const counts = new Int32Array(movieCount);
  for (const m of columns.movie) counts[m]++;
  return counts;
}

export interface ScoredMovie {
  readonly movie: number;
  readonly score: number;
}

/**
 * The `count` highest-scoring movies, skipping `excluded` ones and those `eligible` rejects.
 * Ties break towards the lower index so the list is deterministic.
 */
export function topN(
  scores: ArrayLike<number>,
  count: number,
  excluded: ArrayLike<number>,
  eligible: (movie: number) => boolean = () => true,
): ScoredMovie[] {
  const skip = new Set<number>();
  for (let i = 0; i < excluded.length; i++) skip.add(excluded[i]);
  // A bounded sorted buffer: O(M log count) instead of sorting all M scores.
  const best: ScoredMovie[] = [];
  for (let movie = 0; movie < scores.length; movie++) {
    if (skip.has(movie) || !eligible(movie)) continue;
    const score = scores[movie];
    if (Number.isNaN(score)) continue;
    if (best.length === count && score <= best[best.length - 1].score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].score < score) at--;
    best.splice(at, 0, { movie, score });
    if (best.length > count) best.pop();
  }
  return best;
}
