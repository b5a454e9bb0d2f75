import { solveSymmetricPositiveDefinite } from './linear-algebra';
import type { MatrixFactorizationWeights } from './models/mf-weights';

/**
 * Recommendations from a trained MF model without retraining: a new person's taste vector by
 * fold-in, similar movies, popular picks, and why a movie is recommended. All on the CPU over
 * the frozen movie factors: k ≤ 256, so each call is well under a millisecond per thousand
 * movies.
 */

/** A person's own ratings, by dense movie index. */
export interface PersonalRating {
  readonly movie: number;
  readonly rating: number;
}

/** A taste vector p and bias b for someone who is not in the training data. */
export interface FoldedInUser {
  readonly factors: Float32Array;
  readonly bias: number;
}

/**
 * Fold-in: the ridge solution for p (and b, for biased MF) with the movies frozen,
 *
 *   minimise Σ_i (r_i − μ − b − b_i − pᵀq_i)² + λ n (‖p‖² + b²)
 *   ⇔ (ZᵀZ + λ n I) x = Zᵀy,  x = [p; b], z_i = [q_i; 1], y_i = r_i − μ − b_i
 *
 * the same objective (per-rating L2 weight λ, n = number of ratings) training minimises for a
 * user row, solved exactly instead of by gradient steps. Plain MF drops b, b_i and μ.
 */
export function foldInUser(
  weights: MatrixFactorizationWeights,
  ratings: readonly PersonalRating[],
  regularization: number,
  useBias: boolean,
): FoldedInUser {
  const k = weights.factors;
  const size = useBias ? k + 1 : k;
  const n = ratings.length;
  if (n === 0) return { factors: new Float32Array(k), bias: 0 };
  const a = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  const z = new Float64Array(size);
  for (const { movie, rating } of ratings) {
    for (let f = 0; f < k; f++) z[f] = weights.movieFactors[movie * k + f]!;
    if (useBias) z[k] = 1;
    const y = useBias ? rating - weights.globalMean - weights.movieBias[movie]! : rating;
    for (let row = 0; row < size; row++) {
      const zRow = z[row]!;
      rhs[row]! += zRow * y;
      for (let col = 0; col < size; col++) a[row * size + col]! += zRow * z[col]!;
    }
  }
  // A floor on the ridge keeps the system well posed when λ is 0 and few movies are rated.
  const ridge = Math.max(regularization * n, 1e-6);
  for (let d = 0; d < size; d++) a[d * size + d]! += ridge;
  const x = solveSymmetricPositiveDefinite(a, rhs, size);
  return { factors: Float32Array.from(x.subarray(0, k)), bias: useBias ? x[k]! : 0 };
}

export { solveSymmetricPositiveDefinite } from './linear-algebra';

/** The parts of a prediction; they add up to it (before clipping to the rating scale). */
export interface ScoreBreakdown {
  readonly globalMean: number;
  readonly userBias: number;
  readonly movieBias: number;
  /** pᵀq_i: how well the movie matches this taste. */
  readonly tasteMatch: number;
  readonly total: number;
}

export function scoreBreakdown(
  weights: MatrixFactorizationWeights,
  userFactors: ArrayLike<number>,
  userBias: number,
  movie: number,
): ScoreBreakdown {
  const k = weights.factors;
  let tasteMatch = 0;
  for (let f = 0; f < k; f++) tasteMatch += userFactors[f]! * weights.movieFactors[movie * k + f]!;
  const movieBias = weights.movieBias[movie]!;
  return {
    globalMean: weights.globalMean,
    userBias,
    movieBias,
    tasteMatch,
    total: weights.globalMean + userBias + movieBias + tasteMatch,
  };
}

/** The taste vector of a training user. */
export function userFactorsOf(weights: MatrixFactorizationWeights, user: number): Float32Array {
  return weights.userFactors.subarray(user * weights.factors, (user + 1) * weights.factors);
}

/** Cosine similarity of movie `movie`'s factors to every movie's (0 for a zero vector). */
/** The movie rows of any factor model (MF's taste vectors, the ranking model's). */
export type MovieTable = Pick<MatrixFactorizationWeights, 'factors' | 'movieCount' | 'movieFactors'>;

export function cosineToAll(weights: MovieTable, movie: number): Float32Array {
  const { factors: k, movieCount, movieFactors } = weights;
  const norms = movieNorms(weights);
  const out = new Float32Array(movieCount);
  const base = movie * k;
  const movieNorm = norms[movie]!;
  for (let i = 0; i < movieCount; i++) {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += movieFactors[base + f]! * movieFactors[i * k + f]!;
    const denominator = movieNorm * norms[i]!;
    out[i] = denominator > 0 ? dot / denominator : 0;
  }
  return out;
}

const normCache = new WeakMap<Float32Array, Float32Array>();

function movieNorms(weights: MovieTable): Float32Array {
  let norms = normCache.get(weights.movieFactors);
  if (!norms) {
    const { factors: k, movieCount, movieFactors } = weights;
    norms = new Float32Array(movieCount);
    for (let i = 0; i < movieCount; i++) {
      let sum = 0;
      for (let f = 0; f < k; f++) sum += movieFactors[i * k + f]! ** 2;
      norms[i] = Math.sqrt(sum);
    }
    normCache.set(weights.movieFactors, norms);
  }
  return norms;
}

/**
 * How many ratings a movie needs to be recommended or listed as similar, so obscure titles with
 * one lucky rating do not crowd the lists: the mean ratings per movie, between 5 and 50.
 */
export function minimumRatingsFor(ratingsPerMovie: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < ratingsPerMovie.length; i++) total += ratingsPerMovie[i]!;
  const mean = ratingsPerMovie.length > 0 ? total / ratingsPerMovie.length : 0;
  return Math.min(50, Math.max(5, Math.round(mean)));
}

/** For someone with no ratings yet: the movie biases b_i (quality as the model learned it). */
export function popularityPickScores(weights: MatrixFactorizationWeights): Float32Array {
  return Float32Array.from(weights.movieBias, (b) => weights.globalMean + b);
}
