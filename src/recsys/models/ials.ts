import type { RatingColumns } from '../dataset';
import { groupByRow } from '../compressed-rows';
import { solveSymmetricPositiveDefinite } from '../personal';
import { mulberry32, randomNormal } from '../random';
import { DEFAULT_IALS_CONFIG, type IalsConfig } from './ials-config';

/**
 * Implicit ALS for ranking ("iALS revisited", Rendle et al. 2021), with the observed entries
 * weighted by how much the rating says the person liked the movie. The CPU reference of the
 * ranking model: small data, tests, and the check of a GPU version.
 *
 *   L = Σ_{(u,i) rated} w_ui (p_uᵀq_i − 1)² + α0 Σ_u Σ_i (p_uᵀq_i)²
 *       + λ Σ_u (n_u + α0 I)^ν ‖p_u‖² + λ Σ_i (n_i + α0 U)^ν ‖q_i‖²
 *
 * with w_ui = max(r_ui − (μ − 1), 0.1): on a 5-star scale with μ ≈ 3.5 a 5 weighs 2.5, a 3
 * weighs 0.5 and a 1 almost nothing (measured on a validation carve of ml-latest-small: NDCG@10
 * 0.166 vs 0.148 for w = 1). Each row's solve, with the other side fixed, is
 *
 *   (α0 G + λ_u I + Σ_i w_ui q_i q_iᵀ) p_u = Σ_i w_ui q_i,   G = QᵀQ (the Gram trick: the
 *   unobserved term costs k² per row, not I·k)
 *
 * solved by a few conjugate-gradient steps warm-started from the previous p_u (Takács et al.
 * 2011), or exactly for fold-in.
 */
export type { IalsConfig };
export { DEFAULT_IALS_CONFIG };

export interface IalsModel {
  readonly userCount: number;
  readonly movieCount: number;
  readonly factors: number;
  /** Row-major, userCount × factors. */
  readonly userFactors: Float32Array;
  /** Row-major, movieCount × factors. */
  readonly movieFactors: Float32Array;
  /** μ of the training ratings, which the confidence weights are relative to. */
  readonly meanRating: number;
}

/** w = max(r − (μ − 1), 0.1). */
export function confidence(rating: number, meanRating: number): number {
  return Math.max(rating - (meanRating - 1), 0.1);
}

/** One side's rows of the rating matrix: row r's entries are at offsets[r] .. offsets[r+1]-1. */
export interface WeightedRows {
  readonly offsets: Int32Array;
  readonly columns: Int32Array;
  readonly weights: Float32Array;
}

function groupRows(rows: Int32Array, columns: Int32Array, weights: Float32Array, rowCount: number): WeightedRows {
  const outColumns = new Int32Array(rows.length);
  const outWeights = new Float32Array(rows.length);
  const offsets = groupByRow(rows, rowCount, (at, j) => {
    outColumns[at] = columns[j]!;
    outWeights[at] = weights[j]!;
  });
  return { offsets, columns: outColumns, weights: outWeights };
}

/** G = YᵀY for row-major Y (count × k), in float64. G is symmetric: the upper triangle is summed
 * (half the work: ml-25m's 59k × 128 movie table is ~0.5 G multiply-adds) and mirrored. */
export function gramMatrix(table: Float32Array, count: number, k: number): Float64Array {
  const gram = new Float64Array(k * k);
  const row = new Float64Array(k);
  for (let r = 0; r < count; r++) {
    const base = r * k;
    for (let f = 0; f < k; f++) row[f] = table[base + f]!;
    for (let a = 0; a < k; a++) {
      const ya = row[a]!;
      if (ya === 0) continue;
      const at = a * k;
      for (let b = a; b < k; b++) gram[at + b]! += ya * row[b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) gram[a * k + b] = gram[b * k + a]!;
  return gram;
}

/** The regularisation of a row with `count` ratings against `otherSide` rows. */
export function rowRegularization(config: IalsConfig, count: number, otherSide: number): number {
  return config.regularization * (count + config.unobservedWeight * otherSide) ** config.frequencyExponent;
}

/** The system of one row: A = α0 G + λ_r I + Σ w y yᵀ and b = Σ w y (dense, for exact solves). */
export function rowSystem(
  gram: Float64Array,
  other: Float32Array,
  k: number,
  entries: readonly { readonly column: number; readonly weight: number }[],
  ridge: number,
  unobservedWeight: number,
): { a: Float64Array; b: Float64Array } {
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let i = 0; i < k * k; i++) a[i] = unobservedWeight * gram[i]!;
  for (let d = 0; d < k; d++) a[d * k + d]! += ridge;
  for (const { column, weight } of entries) {
    const base = column * k;
    for (let x = 0; x < k; x++) {
      const yx = other[base + x]! * weight;
      b[x]! += yx;
      for (let y = 0; y < k; y++) a[x * k + y]! += yx * other[base + y]!;
    }
  }
  return { a, b };
}

/**
 * Updates rows `from` … `to` − 1 of `table` (row r at r × k) by `steps` CG steps on each one's
 * system against `other` (the fixed side) with Gram matrix `gram`. Nothing dense per row: A·p is
 * α0 G p + λ p + Σ w y (yᵀp). Each row's solve reads only its own entries and the fixed side, so
 * any split of the rows into ranges gives the same numbers bit for bit (the parallel engine,
 * worker/services/parallel-ials.ts, relies on it). `rows` may hold just the range's rows: then
 * `rowBase` is the index of its first row (its offsets start at row `from` − `rowBase`).
 */
export function conjugateGradientRows(
  table: Float32Array,
  rows: WeightedRows,
  other: Float32Array,
  gram: Float64Array,
  k: number,
  config: IalsConfig,
  otherCount: number,
  from = 0,
  to = rows.offsets.length - 1,
  rowBase = 0,
  tableBase = 0,
): void {
  const x = new Float64Array(k);
  const residual = new Float64Array(k);
  const direction = new Float64Array(k);
  const product = new Float64Array(k);
  const multiply = (start: number, end: number, ridge: number, v: Float64Array, out: Float64Array) => {
    for (let a = 0; a < k; a++) {
      let sum = 0;
      for (let b = 0; b < k; b++) sum += gram[a * k + b]! * v[b]!;
      out[a] = config.unobservedWeight * sum + ridge * v[a]!;
    }
    for (let e = start; e < end; e++) {
      const base = rows.columns[e]! * k;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += other[base + f]! * v[f]!;
      const scaled = dot * rows.weights[e]!;
      for (let f = 0; f < k; f++) out[f]! += scaled * other[base + f]!;
    }
  };
  for (let row = from; row < to; row++) {
    const r = row - tableBase;
    const start = rows.offsets[row - rowBase]!;
    const end = rows.offsets[row - rowBase + 1]!;
    const ridge = rowRegularization(config, end - start, otherCount);
    for (let f = 0; f < k; f++) x[f] = table[r * k + f]!;
    // r0 = b − A x0
    multiply(start, end, ridge, x, product);
    residual.fill(0);
    for (let e = start; e < end; e++) {
      const base = rows.columns[e]! * k;
      const weight = rows.weights[e]!;
      for (let f = 0; f < k; f++) residual[f]! += weight * other[base + f]!;
    }
    let residualNorm = 0;
    for (let f = 0; f < k; f++) {
      residual[f]! -= product[f]!;
      direction[f] = residual[f]!;
      residualNorm += residual[f]! * residual[f]!;
    }
    for (let step = 0; step < config.conjugateGradientSteps && residualNorm > 1e-20; step++) {
      multiply(start, end, ridge, direction, product);
      let curvature = 0;
      for (let f = 0; f < k; f++) curvature += direction[f]! * product[f]!;
      const alpha = residualNorm / Math.max(curvature, 1e-30);
      let nextNorm = 0;
      for (let f = 0; f < k; f++) {
        x[f]! += alpha * direction[f]!;
        residual[f]! -= alpha * product[f]!;
        nextNorm += residual[f]! * residual[f]!;
      }
      const beta = nextNorm / residualNorm;
      for (let f = 0; f < k; f++) direction[f] = residual[f]! + beta * direction[f]!;
      residualNorm = nextNorm;
    }
    for (let f = 0; f < k; f++) table[r * k + f] = x[f]!;
  }
}

/** The training ratings as iALS reads them: each side's rows with their confidence weights. */
export interface IalsTrainingData {
  readonly userCount: number;
  readonly movieCount: number;
  readonly byUser: WeightedRows;
  readonly byMovie: WeightedRows;
  readonly meanRating: number;
}

export function prepareIalsData(
  train: RatingColumns,
  shape: { readonly userCount: number; readonly movieCount: number },
): IalsTrainingData {
  const { userCount, movieCount } = shape;
  let total = 0;
  for (let j = 0; j < train.rating.length; j++) total += train.rating[j]!;
  const meanRating = train.rating.length > 0 ? total / train.rating.length : 0;
  const weights = Float32Array.from(train.rating, (rating) => confidence(rating, meanRating));
  return {
    userCount,
    movieCount,
    byUser: groupRows(train.user, train.movie, weights, userCount),
    byMovie: groupRows(train.movie, train.user, weights, movieCount),
    meanRating,
  };
}

/** Seeded N(0, 0.1²/k) starting factors, users then movies (the GPU trainer starts from the same). */
export function initialIalsFactors(
  shape: { readonly userCount: number; readonly movieCount: number },
  config: IalsConfig,
): { userFactors: Float32Array<ArrayBuffer>; movieFactors: Float32Array<ArrayBuffer> } {
  const k = config.factors;
  const random = mulberry32(config.seed);
  const scale = 0.1 / Math.sqrt(k);
  const userFactors = Float32Array.from({ length: shape.userCount * k }, () => scale * randomNormal(random));
  const movieFactors = Float32Array.from({ length: shape.movieCount * k }, () => scale * randomNormal(random));
  return { userFactors, movieFactors };
}

/** One sweep (all users, then all movies) of iALS on the CPU, in place on `model`'s factors. */
export function ialsIteration(model: IalsModel, data: IalsTrainingData, config: IalsConfig, onHalfDone?: (half: 0 | 1) => void): void {
  const k = config.factors;
  const { userFactors, movieFactors, userCount, movieCount } = model;
  conjugateGradientRows(userFactors, data.byUser, movieFactors, gramMatrix(movieFactors, movieCount, k), k, config, movieCount);
  onHalfDone?.(0);
  conjugateGradientRows(movieFactors, data.byMovie, userFactors, gramMatrix(userFactors, userCount, k), k, config, userCount);
  onHalfDone?.(1);
}

/** Trains iALS on the training ratings; `onIteration` after each user-and-movie sweep. */
export function trainIals(
  train: RatingColumns,
  shape: { readonly userCount: number; readonly movieCount: number },
  config: IalsConfig = DEFAULT_IALS_CONFIG,
  onIteration: (iteration: number, model: IalsModel) => void = () => undefined,
): IalsModel {
  const data = prepareIalsData(train, shape);
  const model: IalsModel = { ...shape, factors: config.factors, ...initialIalsFactors(shape, config), meanRating: data.meanRating };
  for (let iteration = 1; iteration <= config.iterations; iteration++) {
    ialsIteration(model, data, config);
    onIteration(iteration, model);
  }
  return model;
}

/**
 * A person's taste vector from their ratings against the frozen movie factors: the exact solve of
 * the same row system training uses (one k × k Cholesky with the movies' Gram matrix).
 */
export function foldInIals(
  model: IalsModel,
  movieGram: Float64Array,
  ratings: readonly { readonly movie: number; readonly rating: number }[],
  config: IalsConfig = DEFAULT_IALS_CONFIG,
): Float32Array {
  const k = model.factors;
  const entries = ratings.map(({ movie, rating }) => ({ column: movie, weight: confidence(rating, model.meanRating) }));
  const ridge = rowRegularization(config, ratings.length, model.movieCount);
  const { a, b } = rowSystem(movieGram, model.movieFactors, k, entries, ridge, config.unobservedWeight);
  return Float32Array.from(solveSymmetricPositiveDefinite(a, b, k));
}

/** p_uᵀq_i for every movie: the taste match that ranks picks. */
export function ialsScores(model: IalsModel, userFactors: ArrayLike<number>): Float32Array {
  const k = model.factors;
  const scores = new Float32Array(model.movieCount);
  for (let i = 0; i < model.movieCount; i++) {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += userFactors[f]! * model.movieFactors[i * k + f]!;
    scores[i] = dot;
  }
  return scores;
}
