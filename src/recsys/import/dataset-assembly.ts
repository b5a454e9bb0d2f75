import { IdMap } from '../dataset';
import type { ProblemLog } from './import-problem';
import type { RawRatingColumns } from './ratings-parser';

/** Raw ids below this map through a flat array (4 bytes per id up to 64 MB); larger ids use the
 * IdMap's Map. */
const FLAT_LOOKUP_LIMIT = 1 << 24;

/** Raw id → dense index: a flat typed array for MovieLens-sized ids (fast at 25M rows), a Map
 * beyond. New ids are added to `ids` in first-seen order. */
export class DenseLookup {
  private flat = new Int32Array(0);

  constructor(private readonly ids: IdMap) {
    for (const raw of ids.rawIds()) this.setFlat(raw, ids.indexOf(raw) as number);
  }

  find(raw: number): number {
    if (raw < this.flat.length) {
      const index = this.flat[raw]!;
      if (index >= 0) return index;
      if (raw < FLAT_LOOKUP_LIMIT) return -1;
    }
    return this.ids.indexOf(raw) ?? -1;
  }

  add(raw: number): number {
    const index = this.ids.intern(raw);
    this.setFlat(raw, index);
    return index;
  }

  findOrAdd(raw: number): number {
    const index = this.find(raw);
    return index >= 0 ? index : this.add(raw);
  }

  private setFlat(raw: number, index: number): void {
    if (raw >= FLAT_LOOKUP_LIMIT) return;
    if (raw >= this.flat.length) {
      const grown = new Int32Array(Math.min(FLAT_LOOKUP_LIMIT, Math.max(1024, raw * 2))).fill(-1);
      grown.set(this.flat);
      this.flat = grown;
    }
    this.flat[raw] = index;
  }
}

/**
 * MovieLens has one rating per user and movie; a file with the same pair twice keeps the latest
 * by timestamp (the later line on a tie). Dropped rows get movie −1. O(n) time, O(users +
 * movies) extra memory besides one row order.
 */
export function dropRepeatedPairs(
  fileName: string,
  columns: RawRatingColumns,
  userCount: number,
  movieCount: number,
  log: ProblemLog,
): number {
  const { userId: user, movieId: movie, timestamp } = columns;
  const n = user.length;
  const offsets = new Int32Array(userCount + 1);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) offsets[user[r]! + 1]!++;
  for (let u = 0; u < userCount; u++) offsets[u + 1]! += offsets[u]!;
  const order = new Int32Array(offsets[userCount]!);
  const cursor = offsets.slice(0, userCount);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) order[cursor[user[r]!]!++] = r;
  const stampOfMovie = new Int32Array(movieCount).fill(-1);
  const rowOfMovie = new Int32Array(movieCount);
  let dropped = 0;
  for (let u = 0; u < userCount; u++) {
    for (let o = offsets[u]!; o < offsets[u + 1]!; o++) {
      const r = order[o]!;
      const m = movie[r]!;
      if (stampOfMovie[m] !== u) {
        stampOfMovie[m] = u;
        rowOfMovie[m] = r;
        continue;
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
    }
  }
  return dropped;
}

/** Rows whose movie is ≥ 0, moved to the front in order; one file's columns are compacted in
 * place (no copy of 25M rows), several are concatenated. */
export function compact(files: readonly RawRatingColumns[]) {
  const total = files.reduce((n, f) => n + f.rating.length, 0);
  const [only] = files;
  const inPlace = files.length === 1 && only !== undefined;
  const user = inPlace ? only.userId : new Int32Array(total);
  const movie = inPlace ? only.movieId : new Int32Array(total);
  const rating = inPlace ? only.rating : new Float32Array(total);
  const timestamp = inPlace ? only.timestamp : new Uint32Array(total);
  let kept = 0;
  for (const f of files) {
    for (let r = 0; r < f.rating.length; r++) {
      if (f.movieId[r]! < 0) continue;
      user[kept] = f.userId[r]!;
      movie[kept] = f.movieId[r]!;
      rating[kept] = f.rating[r]!;
      timestamp[kept] = f.timestamp[r]!;
      kept++;
    }
  }
  return {
    user: user.subarray(0, kept),
    movie: movie.subarray(0, kept),
    rating: rating.subarray(0, kept),
    timestamp: timestamp.subarray(0, kept),
  };
}

export function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
