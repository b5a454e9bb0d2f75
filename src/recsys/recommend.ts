import { groupByRow } from './compressed-rows';
import type { RatingColumns } from './dataset';

/** Which movies each user has rated, as compressed rows (no object per rating). */
export interface UserRatingsIndex {
  /** Ratings of user u are at rows offsets[u] .. offsets[u+1]-1 of `movies`. */
  readonly offsets: Int32Array;
  readonly movies: Int32Array;
}

export function indexRatingsByUser(columns: RatingColumns, userCount: number): UserRatingsIndex {
  const movies = new Int32Array(columns.user.length);
  const offsets = groupByRow(columns.user, userCount, (at, r) => {
    movies[at] = columns.movie[r]!;
  });
  return { offsets, movies };
}

export function moviesRatedBy(index: UserRatingsIndex, user: number): Int32Array {
  return index.movies.subarray(index.offsets[user], index.offsets[user + 1]);
}

/** Number of ratings per movie. */
export function countRatingsPerMovie(columns: RatingColumns, movieCount: number): Int32Array {
  const counts = new Int32Array(movieCount);
  for (const m of columns.movie) counts[m]!++;
  return counts;
}

export interface ScoredMovie {
  readonly movie: number;
  readonly score: number;
}

/**
 * The `count` highest-scoring movies, skipping `excluded` ones, those `eligible` rejects and NaN
 * scores. Ties break towards the lower index so the list is deterministic.
 */
export function topN(
  scores: ArrayLike<number>,
  count: number,
  excluded: ArrayLike<number>,
  eligible: (movie: number) => boolean = () => true,
): ScoredMovie[] {
  const skip = new Set<number>();
  for (let i = 0; i < excluded.length; i++) skip.add(excluded[i]!);
  const best = new TopK(count);
  for (let movie = 0; movie < scores.length; movie++) {
    const score = scores[movie]!;
    if (skip.has(movie) || Number.isNaN(score) || !eligible(movie)) continue;
    best.offer(movie, score);
  }
  return best.sorted().map((movie) => ({ movie, score: scores[movie]! }));
}

/**
 * The `capacity` best of the items (integer ids) offered, best first: a higher key ranks first,
 * and equal keys go to `tieBefore(a, b)` ("a ranks before b"), by default the lower id. A NaN key
 * is never kept. A binary heap with the worst kept item at the root, so choosing the best 10 of
 * 60,000 costs O(n log 10) and never a full sort; most offers are turned away by one comparison
 * of numbers. The one top-k of recsys: picks and similar movies (topN in recommend.ts), ranking
 * metrics, the demo data's choices and title search all use it.
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly tieBefore?: (a: number, b: number) => boolean,
  ) {
    const slots = Math.max(0, Math.floor(capacity));
    this.items = new Int32Array(slots);
    this.keys = new Float64Array(slots);
  }

  /** Keeps `item` if it is among the best so far. */
  offer(item: number, key: number): void {
    if (Number.isNaN(key)) return;
    const { items, keys } = this;
    if (this.size < items.length) {
      let i = this.size++;
      // Sift up: a parent must rank after (be worse than) its children.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const above = items[parent]!;
        const aboveKey = keys[parent]!;
        if (!this.before(above, aboveKey, item, key)) break;
        items[i] = above;
        keys[i] = aboveKey;
        i = parent;
      }
      items[i] = item;
      keys[i] = key;
      return;
    }
    if (this.size === 0 || !this.before(item, key, items[0]!, keys[0]!)) return;
    this.siftDown(item, key, this.size);
  }

  /** The kept items, best first; the heap is empty afterwards, ready for the next round. */
  sorted(): number[] {
    const { items, keys } = this;
    const out = new Array<number>(this.size);
    for (let end = this.size - 1; end >= 0; end--) {
      out[end] = items[0]!;
      if (end > 0) this.siftDown(items[end]!, keys[end]!, end);
    }
    this.size = 0;
    return out;
  }

  /** Whether item a (key ka) ranks before item b (key kb). */
  private before(a: number, ka: number, b: number, kb: number): boolean {
    if (ka !== kb) return ka > kb;
    return this.tieBefore ? this.tieBefore(a, b) : a < b;
  }

  /** Puts `item` at the root of the first `size` entries and sifts it down to its place. */
  private siftDown(item: number, key: number, size: number): void {
    const { items, keys } = this;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.before(items[child]!, keys[child]!, items[right]!, keys[right]!)) child = right;
      if (!this.before(item, key, items[child]!, keys[child]!)) break;
      items[i] = items[child]!;
      keys[i] = keys[child]!;
      i = child;
    }
    items[i] = item;
    keys[i] = key;
  }
}
