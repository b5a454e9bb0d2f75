/**
 * Top-k ranking quality on a test split: how well a model's top picks find the movies a user
 * liked, which RMSE does not measure (a model can predict ratings well and still rank badly).
 *
 * For each user u with at least one relevant test item:
 *
 *   Rel_u   = { i : (u, i) in test, r_ui ≥ θ }                      (θ = relevantThreshold, 4)
 *   C_u     = { all movies } \ { i : (u, i) in train }              (test items are candidates)
 *   L_u     = the k candidates with the highest score s_u(i), best first; ties go to the lower
 *             movie index; a NaN score is never picked; fewer than k when C_u is smaller
 *   rel_j   = 1 if the j-th movie of L_u is in Rel_u, else 0        (binary gains)
 *
 *   precision@k = |L_u ∩ Rel_u| / k
 *   recall@k    = |L_u ∩ Rel_u| / |Rel_u|
 *   DCG@k       = Σ_{j=1..|L_u|} rel_j / log2(j + 1)
 *   IDCG@k      = Σ_{j=1..min(k, |Rel_u|)} 1 / log2(j + 1)          (all relevant at the top)
 *   NDCG@k      = DCG@k / IDCG@k
 *
 * and the reported values are the means over the evaluated users U (all users with Rel_u ≠ ∅,
 * or a seeded sample of `maxUsers` of them): metric = (1/|U|) Σ_{u∈U} metric_u. Precision keeps
 * k as its denominator even when fewer than k candidates exist, so it is comparable across users.
 *
 * A test item the user also rated in training is not a candidate, so it cannot be found and is
 * not counted in Rel_u either. With a split of deduplicated ratings (the importer keeps one
 * rating per user and movie) this never happens.
 *
 * Like metrics.ts this takes scores, never a model: any model, or a baseline, can be ranked.
 */
import { groupByRow } from './compressed-rows';
import type { RatingColumns } from './dataset';
import { countRatingsPerMovie, TopK } from './recommend';
import { mulberry32, shuffleInPlace } from './random';

export interface RankingMetrics {
  /** Mean precision@k over the evaluated users (NaN when there are none). */
  precisionAtK: number;
  /** Mean recall@k over the evaluated users (NaN when there are none). */
  recallAtK: number;
  /** Mean NDCG@k over the evaluated users (NaN when there are none). */
  ndcgAtK: number;
  /** How many users were evaluated. */
  users: number;
  k: number;
}

export interface RankingMetricsOptions {
  train: RatingColumns;
  test: RatingColumns;
  userCount: number;
  movieCount: number;
  /** A score per movie (dense index, at least `movieCount` of them) for `user`; higher is better.
   * Called once per evaluated user, in increasing user order; the array is read before the next
   * call, so a scorer may reuse one buffer. */
  scoreUser: (user: number) => ArrayLike<number>;
  /** Length of each top list (default 10). */
  k?: number;
  /** A test rating at or above this is relevant (default 4). */
  relevantThreshold?: number;
  /** Evaluate a seeded random sample of this many eligible users instead of all of them. */
  maxUsers?: number;
  /** Seed of the `maxUsers` sample (default 0). */
  seed?: number;
}

/** Rows grouped by user: user u's entries are at offsets[u] .. offsets[u+1]-1. */
interface ByUser {
  readonly offsets: Int32Array;
  readonly movies: Int32Array;
  readonly ratings: Float32Array;
}

/**
 * Counting sort of rating rows by user into compressed rows: two passes, no object per rating.
 * Checks every index, because an out-of-range one would silently read or write the wrong user.
 */
function groupByUser(columns: RatingColumns, userCount: number, movieCount: number, what: string): ByUser {
  const rows = columns.user.length;
  if (columns.movie.length !== rows || columns.rating.length !== rows) {
    throw new RangeError(`rankingMetrics: ${what} columns have different lengths`);
  }
  for (let r = 0; r < rows; r++) {
    const u = columns.user[r]!;
    const m = columns.movie[r]!;
    if (!(u >= 0 && u < userCount)) throw new RangeError(`rankingMetrics: ${what} row ${r} has user ${u}, outside 0..${userCount - 1}`);
    if (!(m >= 0 && m < movieCount)) throw new RangeError(`rankingMetrics: ${what} row ${r} has movie ${m}, outside 0..${movieCount - 1}`);
  }
  const movies = new Int32Array(rows);
  const ratings = new Float32Array(rows);
  const offsets = groupByRow(columns.user, userCount, (at, r) => {
    movies[at] = columns.movie[r]!;
    ratings[at] = columns.rating[r]!;
  });
  return { offsets, movies, ratings };
}

/** Number of training ratings per movie: the popularity baseline's scores. */
export function popularityScores(train: RatingColumns, movieCount: number): Float32Array {
  return Float32Array.from(countRatingsPerMovie(train, movieCount));
}

/** The users rankingMetrics evaluates with these options, in increasing order (so a caller can
 * score them ahead, e.g. in one GPU batch). */
export function rankingUsers(options: Omit<RankingMetricsOptions, 'scoreUser'>): number[] {
  return prepareRanking(options).users;
}

/** The default θ: a rating at or above it is relevant (liked). */
export const RELEVANT_RATING = 4;

/** 1 / log2(j + 1) for positions j = 1..k (discount[j − 1]), and its running sums: idealDcg[n] is
 * the IDCG of n relevant items at the top. */
export function dcgDiscounts(k: number): { readonly discount: Float64Array; readonly idealDcg: Float64Array } {
  const discount = new Float64Array(k);
  const idealDcg = new Float64Array(k + 1);
  for (let j = 0; j < k; j++) {
    discount[j] = 1 / Math.log2(j + 2);
    idealDcg[j + 1] = idealDcg[j]! + discount[j]!;
  }
  return { discount, idealDcg };
}

function prepareRanking(options: Omit<RankingMetricsOptions, 'scoreUser'>) {
  const { train, test, userCount, movieCount } = options;
  const threshold = options.relevantThreshold ?? RELEVANT_RATING;
  if (!Number.isInteger(userCount) || userCount < 0 || !Number.isInteger(movieCount) || movieCount < 0) {
    throw new RangeError(`rankingMetrics: bad userCount ${userCount} or movieCount ${movieCount}`);
  }
  if (options.maxUsers !== undefined && !(Number.isInteger(options.maxUsers) && options.maxUsers >= 0)) {
    throw new RangeError(`rankingMetrics: maxUsers must be a non-negative integer, got ${options.maxUsers}`);
  }
  const trainByUser = groupByUser(train, userCount, movieCount, 'train');
  const testByUser = groupByUser(test, userCount, movieCount, 'test');

  // Per-user marks over movies, set for one user and cleared after it: O(ratings), not
  // O(users × movies), to reset.
  const inTrain = new Uint8Array(movieCount);
  const relevant = new Uint8Array(movieCount);

  /**
   * Distinct relevant test movies of user u that are not in its training set. Marks them in
   * `relevant` when `keep`, else clears the marks again. For `keep`, `inTrain` must hold u's
   * training movies; when only counting, they are marked here and cleared.
   */
  const countRelevant = (u: number, keep: boolean): number => {
    if (!keep) markMovies(trainByUser, u, inTrain, 1);
    let count = 0;
    const testEnd = testByUser.offsets[u + 1]!;
    for (let r = testByUser.offsets[u]!; r < testEnd; r++) {
      const m = testByUser.movies[r]!;
      if (testByUser.ratings[r]! >= threshold && inTrain[m] === 0 && relevant[m] === 0) {
        relevant[m] = 1;
        count++;
      }
    }
    if (!keep) {
      markMovies(testByUser, u, relevant, 0);
      markMovies(trainByUser, u, inTrain, 0);
    }
    return count;
  };

  const eligible: number[] = [];
  for (let u = 0; u < userCount; u++) {
    if (countRelevant(u, false) > 0) eligible.push(u);
  }
  let users = eligible;
  if (options.maxUsers !== undefined && options.maxUsers < eligible.length) {
    const shuffled = eligible.slice();
    shuffleInPlace(shuffled, mulberry32(options.seed ?? 0));
    // Back in user order, so scoreUser sees the same sequence as a full run would.
    users = shuffled.slice(0, options.maxUsers).sort((a, b) => a - b);
  }
  return { trainByUser, testByUser, inTrain, relevant, countRelevant, users };
}

export function rankingMetrics(options: RankingMetricsOptions): RankingMetrics {
  const { scoreUser, ...rest } = options;
  const evaluation = new RankingEvaluator(rest, [scoreUser]);
  for (let i = 0; i < evaluation.users.length; i++) evaluation.evaluateUser(i);
  return evaluation.results()[0]!;
}

/** How a long evaluation reports and lets messages in (the worker's progress bar, a Stop). */
export interface EvaluationProgress {
  /** Users evaluated so far of the total, at most every YIELD_INTERVAL_MS. */
  readonly onUsers?: (done: number, total: number) => void;
  readonly yieldToMessages?: () => Promise<void>;
}

const YIELD_INTERVAL_MS = 16;

/**
 * rankingMetrics for several scorers at once on the same users: the splits are grouped and the
 * users chosen once, and every scorer sees user u before any sees the next user, in the given
 * order (so a scorer may reuse, and even change, an earlier scorer's array for the same user).
 * Yields and reports progress as it goes.
 */
export async function rankingMetricsOf<Name extends string>(
  options: Omit<RankingMetricsOptions, 'scoreUser'>,
  scorers: Readonly<Record<Name, (user: number) => ArrayLike<number>>>,
  progress: EvaluationProgress = {},
): Promise<Record<Name, RankingMetrics>> {
  const names = Object.keys(scorers) as Name[];
  const evaluation = new RankingEvaluator(
    options,
    names.map((name) => scorers[name]),
  );
  const total = evaluation.users.length;
  let lastYield = performance.now();
  for (let i = 0; i < total; i++) {
    evaluation.evaluateUser(i);
    if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
      progress.onUsers?.(i + 1, total);
      await progress.yieldToMessages?.();
      lastYield = performance.now();
    }
  }
  progress.onUsers?.(total, total);
  const results = evaluation.results();
  return Object.fromEntries(names.map((name, s) => [name, results[s]!])) as Record<Name, RankingMetrics>;
}

/** The per-user work of rankingMetrics, for one or more scorers over the same users. */
class RankingEvaluator {
  readonly users: number[];
  private readonly prepared: ReturnType<typeof prepareRanking>;
  private readonly k: number;
  private readonly discount: Float64Array;
  private readonly idealDcg: Float64Array;
  // L_u as topN (recommend.ts) picks, inlined: no closure per movie, one heap for every user.
  private readonly top: TopK;
  private readonly sums: { precision: number; recall: number; ndcg: number }[];

  constructor(
    private readonly options: Omit<RankingMetricsOptions, 'scoreUser'>,
    private readonly scorers: readonly ((user: number) => ArrayLike<number>)[],
  ) {
    const k = options.k ?? 10;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`rankingMetrics: k must be a positive integer, got ${k}`);
    this.k = k;
    this.prepared = prepareRanking(options);
    this.users = this.prepared.users;
    ({ discount: this.discount, idealDcg: this.idealDcg } = dcgDiscounts(k));
    this.top = new TopK(k);
    this.sums = scorers.map(() => ({ precision: 0, recall: 0, ndcg: 0 }));
  }

  /** Adds the i-th evaluated user's metrics under every scorer. */
  evaluateUser(i: number): void {
    const { trainByUser, testByUser, inTrain, relevant, countRelevant } = this.prepared;
    const { movieCount } = this.options;
    const u = this.users[i]!;
    markMovies(trainByUser, u, inTrain, 1);
    const relevantCount = countRelevant(u, true);
    this.scorers.forEach((scoreUser, s) => {
      const scores = scoreUser(u);
      if (scores.length < movieCount) {
        throw new RangeError(`rankingMetrics: scoreUser(${u}) gave ${scores.length} scores for ${movieCount} movies`);
      }
      const top = this.top;
      for (let m = 0; m < movieCount; m++) {
        if (inTrain[m] === 0) top.offer(m, scores[m]!);
      }
      const picked = top.sorted();
      let hits = 0;
      let dcg = 0;
      for (let j = 0; j < picked.length; j++) {
        if (relevant[picked[j]!] === 1) {
          hits++;
          dcg += this.discount[j]!;
        }
      }
      const sum = this.sums[s]!;
      sum.precision += hits / this.k;
      sum.recall += hits / relevantCount;
      sum.ndcg += dcg / this.idealDcg[Math.min(this.k, relevantCount)]!;
    });
    markMovies(trainByUser, u, inTrain, 0);
    markMovies(testByUser, u, relevant, 0);
  }

  results(): RankingMetrics[] {
    const n = this.users.length;
    return this.sums.map((sum) => ({
      precisionAtK: n === 0 ? Number.NaN : sum.precision / n,
      recallAtK: n === 0 ? Number.NaN : sum.recall / n,
      ndcgAtK: n === 0 ? Number.NaN : sum.ndcg / n,
      users: n,
      k: this.k,
    }));
  }
}

/** Sets `marks[m] = value` for every movie m of user u's rows. */
function markMovies(rows: ByUser, u: number, marks: Uint8Array, value: 0 | 1): void {
  const end = rows.offsets[u + 1]!;
  for (let r = rows.offsets[u]!; r < end; r++) marks[rows.movies[r]!] = value;
}
