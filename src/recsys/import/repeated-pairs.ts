import type { ProblemLog } from './import-problem';
import type { RowOrder } from './dataset-assembly';
import type { RawRatingColumns } from './ratings-columns';

/**
 * The import's duplicate rule: a (user, movie) pair rated twice keeps one rating, the latest,
 * and each dropped line is reported with the line it lost to.
 */

/**
 * MovieLens has one rating per user and movie; a file with the same pair twice keeps the latest
 * by timestamp (the later line on a tie). Dropped rows get movie −1. O(n) time, O(users +
 * movies) extra memory besides one row order, which rows already grouped by user do not need;
 * rows whose movies ascend within each user cannot repeat a pair and are not looked at.
 */
export function dropRepeatedPairs(
  fileName: string,
  columns: RawRatingColumns,
  userCount: number,
  movieCount: number,
  log: ProblemLog,
  rowOrder?: RowOrder,
): number {
  if (rowOrder?.moviesAscendWithinUser) return 0;
  const { userId: user, movieId: movie, timestamp } = columns;
  const n = user.length;
  const stampOfMovie = new Int32Array(movieCount).fill(-1);
  const rowOfMovie = new Int32Array(movieCount);
  let dropped = 0;
  // Row r against the earlier row of the same user and movie, if any.
  const visit = (u: number, r: number) => {
    const m = movie[r]!;
    if (stampOfMovie[m] !== u) {
      stampOfMovie[m] = u;
      rowOfMovie[m] = r;
      return;
    }
    const earlier = rowOfMovie[m]!;
    const keepNew = timestamp[r]! >= timestamp[earlier]!;
    const drop = keepNew ? earlier : r;
    const keep = keepNew ? r : earlier;
    log.skip(
      fileName,
      columns.lineOf(drop),
      `a repeated rating of the same movie by the same user (kept line ${columns.lineOf(keep)}, the later one)`,
      'one rating per user and movie',
    );
    movie[drop] = -1;
    rowOfMovie[m] = keep;
    dropped++;
  };
  if (rowOrder?.groupedByUser) {
    for (let r = 0; r < n; r++) if (movie[r]! >= 0) visit(user[r]!, r);
    return dropped;
  }
  const offsets = new Int32Array(userCount + 1);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) offsets[user[r]! + 1]!++;
  for (let u = 0; u < userCount; u++) offsets[u + 1]! += offsets[u]!;
  const order = new Int32Array(offsets[userCount]!);
  const cursor = offsets.slice(0, userCount);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) order[cursor[user[r]!]!++] = r;
  for (let u = 0; u < userCount; u++) {
    for (let o = offsets[u]!; o < offsets[u + 1]!; o++) visit(u, order[o]!);
  }
  return dropped;
}
