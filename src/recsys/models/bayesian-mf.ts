/**
 * Bayesian matrix factorisation by Gibbs sampling (Salakhutdinov & Mnih, "Bayesian Probabilistic
 * Matrix Factorization using MCMC", 2008), with biases (Rendle et al., "On the Difficulty of
 * Evaluating Baselines", 2019, §4):
 *
 *   r_ui ~ N(μ + b_u + c_i + p_uᵀq_i, 1/α),  x_u = [p_u, b_u] ~ N(m_U, Λ_U⁻¹),  x_i = [q_i, c_i] ~ N(m_V, Λ_V⁻¹),
 *   (m, Λ) of each side ~ Normal-Wishart(μ0 = 0, β0 = 2, W0 = I, ν0 = k + 1).
 *
 * One sweep (one "epoch") draws each side's hyperparameters given its rows, then every row given
 * the other side: row u's conditional is Gaussian with precision P = Λ + α Σ_i y_i y_iᵀ and mean
 * P⁻¹(Λm + α Σ_i (r_ui − μ − c_i) y_i), where y_i = [q_i, 1] (for a movie row: y_u = [p_u, 1] and
 * the offset b_u). The model kept is the posterior mean of the weights over the sweeps after
 * burn-in: measured on ml-latest-small its RMSE equals that of averaging the samples' predictions
 * to 5e-4 (the chain does not rotate the factors between sweeps), and it is an ordinary biased MF
 * model, so picks, fold-in, Why?, export and checkpoints treat it like one.
 *
 * This file holds the data layout and the CPU reference row sampler (float64; the WebGPU kernel
 * in engines/webgpu-gibbs-kernels.ts computes the same in float32 from the same noise). The
 * hyperparameter draws are in bayesian-mf-prior.ts; the tables and their posterior mean in
 * bayesian-mf-tables.ts.
 */
import type { RatingColumns } from '../dataset';
import { groupByRow } from '../compressed-rows';
import { choleskyLower, solveLower, solveLowerTransposed } from '../linear-algebra';

export const BAYESIAN_MF = {
  /** α's start, the precision of a rating around its prediction (σ ≈ 0.71 stars, the BPMF
   * paper's fixed value); each sweep then draws α from its Gamma posterior (samplePrecision), so
   * data with less noise than MovieLens (the demo set) is not underfitted. */
  ratingPrecision: 2,
  /** Sweeps whose samples are not averaged (the chain is still leaving its random start). */
  burnIn: 3,
  /** Spread of the initial factors (biases start at 0). */
  initStd: 0.1,
  /** β0 of the Normal-Wishart hyperprior (μ0 = 0, W0 = I, ν0 = row length). */
  priorStrength: 2,
} as const;

/** One side's rows of the training ratings: row r's entries are offsets[r] .. offsets[r+1]-1. */
export interface RatingRows {
  readonly offsets: Int32Array;
  readonly columns: Int32Array;
  /** The rating minus the global mean μ. */
  readonly residuals: Float32Array;
}

export interface GibbsData {
  readonly users: RatingRows;
  readonly movies: RatingRows;
  readonly globalMean: number;
}

function groupRatings(rows: Int32Array, columns: Int32Array, values: Float32Array, rowCount: number, mean: number): RatingRows {
  const outColumns = new Int32Array(rows.length);
  const residuals = new Float32Array(rows.length);
  const offsets = groupByRow(rows, rowCount, (at, j) => {
    outColumns[at] = columns[j]!;
    residuals[at] = values[j]! - mean;
  });
  return { offsets, columns: outColumns, residuals };
}

export function prepareGibbsData(
  train: RatingColumns,
  size: { readonly userCount: number; readonly movieCount: number },
  globalMean: number,
): GibbsData {
  return {
    users: groupRatings(train.user, train.movie, train.rating, size.userCount, globalMean),
    movies: groupRatings(train.movie, train.user, train.rating, size.movieCount, globalMean),
    globalMean,
  };
}

/** The prior of one side's rows in one sweep: Λ (row-major) and Λm. */
export interface SidePrior {
  readonly precision: Float64Array;
  readonly precisionMean: Float64Array;
}

/** Σ (r − μ − b_u − c_i − p_uᵀq_i)² over a side's rows against the other side's tables. */
export function squaredError(rows: RatingRows, table: Float32Array, other: Float32Array, width: number): number {
  let sum = 0;
  for (let r = 0; r + 1 < rows.offsets.length; r++) {
    const own = r * width;
    for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) {
      const base = rows.columns[e]! * width;
      let prediction = table[own + width - 1]! + other[base + width - 1]!;
      for (let f = 0; f + 1 < width; f++) prediction += table[own + f]! * other[base + f]!;
      const error = rows.residuals[e]! - prediction;
      sum += error * error;
    }
  }
  return sum;
}

/** Chris Wellons' lowbias32: a 32-bit integer hash with good avalanche (the WGSL kernel has the same). */
export function hash32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of one side's row draws in one sweep. */
export function sweepSeed(seed: number, sweep: number, side: 0 | 1): number {
  return hash32(hash32(seed) ^ Math.imul(sweep * 2 + side + 1, 0x9e3779b9));
}

/** Uniform in (0, 1) from a hash: 24 bits, as float32 holds them exactly. */
function unitOf(h: number): number {
  return ((h >>> 8) + 0.5) / 16777216;
}

/** z_d ~ N(0, 1) for value d of `row` (Box-Muller on two hashes), identical on CPU and GPU. */
export function rowNoise(seed: number, row: number, d: number): number {
  const base = hash32(seed ^ hash32(row));
  const u1 = unitOf(hash32(base ^ (2 * d)));
  const u2 = unitOf(hash32(base ^ (2 * d + 1)));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Row r's conditional: precision P and right-hand side h (mean = P⁻¹ h), float64, full matrix. */
export function rowConditional(
  rows: RatingRows,
  row: number,
  other: Float32Array,
  width: number,
  prior: SidePrior,
  ratingPrecision: number,
  scratch: RowScratch = rowScratch(width),
): { precision: Float64Array; rhs: Float64Array } {
  const { precision, rhs, y } = scratch;
  precision.set(prior.precision);
  rhs.set(prior.precisionMean);
  for (let e = rows.offsets[row]!; e < rows.offsets[row + 1]!; e++) {
    const base = rows.columns[e]! * width;
    for (let a = 0; a + 1 < width; a++) y[a] = other[base + a]!;
    y[width - 1] = 1;
    const target = rows.residuals[e]! - other[base + width - 1]!;
    for (let a = 0; a < width; a++) {
      const ya = ratingPrecision * y[a]!;
      rhs[a]! += ya * target;
      for (let b = 0; b < width; b++) precision[a * width + b]! += ya * y[b]!;
    }
  }
  return { precision, rhs };
}

/**
 * The arrays one row's draw works in, reused from row to row by sampleSide: a fresh set per row
 * made ~17 KB of garbage per row at k 32 (~180 MB per sweep of ml-latest-small), which the
 * tab's heap kept growing by. The numbers are the same either way.
 */
export interface RowScratch {
  readonly precision: Float64Array;
  readonly rhs: Float64Array;
  readonly y: Float64Array;
  readonly cholesky: Float64Array;
  readonly whitened: Float64Array;
  readonly draw: Float64Array;
}

export function rowScratch(width: number): RowScratch {
  const square = () => new Float64Array(width * width);
  const vector = () => new Float64Array(width);
  return { precision: square(), rhs: vector(), y: vector(), cholesky: square(), whitened: vector(), draw: vector() };
}

/** One draw of row r: mean + L⁻ᵀ z = L⁻ᵀ (L⁻¹ h + z), with P = L Lᵀ and z from rowNoise. */
export function sampleRow(
  conditional: { precision: Float64Array; rhs: Float64Array },
  width: number,
  seed: number,
  row: number,
  scratch: RowScratch = rowScratch(width),
): Float64Array {
  const l = choleskyLower(conditional.precision, width, scratch.cholesky);
  const whitened = solveLower(l, conditional.rhs, width, scratch.whitened);
  for (let d = 0; d < width; d++) whitened[d]! += rowNoise(seed, row, d);
  return solveLowerTransposed(l, whitened, width, scratch.draw);
}

/** Every row of one side drawn on the CPU (the engine when there is no WebGPU, and the tests' reference). */
export function sampleSide(
  rows: RatingRows,
  table: Float32Array,
  other: Float32Array,
  width: number,
  prior: SidePrior,
  seed: number,
  ratingPrecision: number,
  /** Only rows from … to − 1 (default: all). Each row's draw hashes (seed, row) and reads no other
   * row of its side, so any split into ranges draws the same numbers (the parallel sampler). */
  from = 0,
  to = rows.offsets.length - 1,
  /** When `rows` and `table` hold just the range: the index of their first row. */
  rowBase = 0,
): void {
  const scratch = rowScratch(width);
  for (let row = from; row < to; row++) {
    const x = sampleRow(rowConditional(rows, row - rowBase, other, width, prior, ratingPrecision, scratch), width, seed, row, scratch);
    table.set(x, (row - rowBase) * width);
  }
}
