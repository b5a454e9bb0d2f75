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
 * This file is the CPU side: the hyperparameter draws (k × k, once per side per sweep), the
 * reference row sampler (float64; the WebGPU kernel in engines/webgpu-gibbs-kernels.ts computes
 * the same in float32 from the same noise), and the posterior mean.
 */
import type { RatingColumns } from '../dataset';
import { choleskyLower, inverseSymmetricPositiveDefinite, solveLower, solveLowerTransposed } from '../linear-algebra';
import { mulberry32, randomNormal, type RandomSource } from '../random';
import type { MatrixFactorizationWeights } from './mf-weights';

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
  readonly offsets: Uint32Array;
  readonly columns: Uint32Array;
  /** The rating minus the global mean μ. */
  readonly residuals: Float32Array;
}

export interface GibbsData {
  readonly users: RatingRows;
  readonly movies: RatingRows;
  readonly globalMean: number;
}

function groupRatings(rows: Int32Array, columns: Int32Array, values: Float32Array, rowCount: number, mean: number): RatingRows {
  const offsets = new Uint32Array(rowCount + 1);
  for (let j = 0; j < rows.length; j++) offsets[rows[j]! + 1]!++;
  for (let r = 0; r < rowCount; r++) offsets[r + 1]! += offsets[r]!;
  const cursor = offsets.slice(0, rowCount);
  const outColumns = new Uint32Array(rows.length);
  const residuals = new Float32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const at = cursor[rows[j]!]!++;
    outColumns[at] = columns[j]!;
    residuals[at] = values[j]! - mean;
  }
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

/** Gamma(shape, 1) for shape ≥ 1 (Marsaglia & Tsang, 2000). */
function randomGamma(shape: number, random: RandomSource): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = randomNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Draws (m, Λ) of one side from its Normal-Wishart posterior given the side's current rows
 * (`count` rows of `width` values in `table`, row-major).
 */
export function samplePrior(table: Float32Array, count: number, width: number, random: RandomSource): SidePrior {
  const d = width;
  const mean = new Float64Array(d);
  for (let r = 0; r < count; r++) for (let a = 0; a < d; a++) mean[a]! += table[r * d + a]!;
  for (let a = 0; a < d; a++) mean[a]! /= count;
  // W*⁻¹ = W0⁻¹ + N S + β0 N / (β0 + N) x̄ x̄ᵀ, with N S the scatter about x̄ (μ0 = 0, W0 = I).
  const beta0 = BAYESIAN_MF.priorStrength;
  const scatter = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < count; r++) {
    for (let a = 0; a < d; a++) centred[a] = table[r * d + a]! - mean[a]!;
    for (let a = 0; a < d; a++) {
      const ca = centred[a]!;
      for (let b = 0; b <= a; b++) scatter[a * d + b]! += ca * centred[b]!;
    }
  }
  const shrink = (beta0 * count) / (beta0 + count);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const value = scatter[a * d + b]! + shrink * mean[a]! * mean[b]! + (a === b ? 1 : 0);
      scatter[a * d + b] = value;
      scatter[b * d + a] = value;
    }
  }
  const scale = inverseSymmetricPositiveDefinite(scatter, d);
  const degrees = d + count;
  // Bartlett: Λ = L A Aᵀ Lᵀ with W* = L Lᵀ, A lower, A_ii = √χ²(ν − i), A_ij ~ N(0, 1).
  const l = choleskyLower(scale, d);
  const la = new Float64Array(d * d);
  const bartlett = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    bartlett[i * d + i] = Math.sqrt(2 * randomGamma((degrees - i) / 2, random));
    for (let j = 0; j < i; j++) bartlett[i * d + j] = randomNormal(random);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let p = j; p <= i; p++) sum += l[i * d + p]! * bartlett[p * d + j]!;
      la[i * d + j] = sum;
    }
  }
  const precision = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let p = 0; p <= j; p++) sum += la[i * d + p]! * la[j * d + p]!;
      precision[i * d + j] = sum;
      precision[j * d + i] = sum;
    }
  }
  // m ~ N(μ*, (β* Λ)⁻¹), μ* = N x̄ / (β0 + N): m = μ* + C⁻ᵀ z with β* Λ = C Cᵀ.
  const betaN = beta0 + count;
  const scaled = precision.map((value) => value * betaN);
  const c = choleskyLower(scaled, d);
  const z = Float64Array.from({ length: d }, () => randomNormal(random));
  const offset = solveLowerTransposed(c, z, d);
  const m = Float64Array.from({ length: d }, (_, a) => (count * mean[a]!) / betaN + offset[a]!);
  const precisionMean = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let sum = 0;
    for (let b = 0; b < d; b++) sum += precision[a * d + b]! * m[b]!;
    precisionMean[a] = sum;
  }
  return { precision, precisionMean };
}

/** α ~ Gamma(1 + N/2, rate 1 + SSE/2): the noise precision given the current sample's residuals
 * on the `count` training ratings (a weak Gamma(1, 1) prior). */
export function samplePrecision(squaredError: number, count: number, random: RandomSource): number {
  return randomGamma(1 + count / 2, random) / (1 + squaredError / 2);
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
): { precision: Float64Array; rhs: Float64Array } {
  const precision = Float64Array.from(prior.precision);
  const rhs = Float64Array.from(prior.precisionMean);
  const y = new Float64Array(width);
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

/** One draw of row r: mean + L⁻ᵀ z = L⁻ᵀ (L⁻¹ h + z), with P = L Lᵀ and z from rowNoise. */
export function sampleRow(
  conditional: { precision: Float64Array; rhs: Float64Array },
  width: number,
  seed: number,
  row: number,
): Float64Array {
  const l = choleskyLower(conditional.precision, width);
  const whitened = solveLower(l, conditional.rhs, width);
  for (let d = 0; d < width; d++) whitened[d]! += rowNoise(seed, row, d);
  return solveLowerTransposed(l, whitened, width);
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
): void {
  const count = rows.offsets.length - 1;
  for (let r = 0; r < count; r++) {
    const x = sampleRow(rowConditional(rows, r, other, width, prior, ratingPrecision), width, seed, r);
    table.set(x, r * width);
  }
}

/** Initial tables [factors, bias] per row: factors ~ N(0, initStd²), bias 0; seeded. */
export function initialGibbsTables(
  size: { readonly userCount: number; readonly movieCount: number },
  factors: number,
  seed: number,
): { users: Float32Array; movies: Float32Array } {
  const random = mulberry32(seed);
  const width = factors + 1;
  const table = (count: number) => {
    const values = new Float32Array(count * width);
    for (let r = 0; r < count; r++) for (let f = 0; f < factors; f++) values[r * width + f] = BAYESIAN_MF.initStd * randomNormal(random);
    return values;
  };
  return { users: table(size.userCount), movies: table(size.movieCount) };
}

/** Biased MF weights as the sampler's tables (a checkpoint to go on from). */
export function gibbsTablesOf(weights: MatrixFactorizationWeights): { users: Float32Array; movies: Float32Array } {
  const k = weights.factors;
  const table = (values: Float32Array, bias: Float32Array) => {
    const out = new Float32Array(bias.length * (k + 1));
    for (let r = 0; r < bias.length; r++) {
      out.set(values.subarray(r * k, (r + 1) * k), r * (k + 1));
      out[r * (k + 1) + k] = bias[r]!;
    }
    return out;
  };
  return { users: table(weights.userFactors, weights.userBias), movies: table(weights.movieFactors, weights.movieBias) };
}

/** The running mean of the sampled tables, in float64. */
export class PosteriorMean {
  private readonly users: Float64Array;
  private readonly movies: Float64Array;
  samples = 0;

  constructor(userValues: number, movieValues: number) {
    this.users = new Float64Array(userValues);
    this.movies = new Float64Array(movieValues);
  }

  add(users: Float32Array, movies: Float32Array): void {
    for (let i = 0; i < users.length; i++) this.users[i]! += users[i]!;
    for (let i = 0; i < movies.length; i++) this.movies[i]! += movies[i]!;
    this.samples++;
  }

  copy(): PosteriorMean {
    const copy = new PosteriorMean(0, 0);
    Object.assign(copy, { users: Float64Array.from(this.users), movies: Float64Array.from(this.movies), samples: this.samples });
    return copy;
  }

  /** The mean as biased MF weights; `fallback` (the current sample) before any sample is averaged. */
  weights(factors: number, globalMean: number, fallback: { users: Float32Array; movies: Float32Array }): MatrixFactorizationWeights {
    const width = factors + 1;
    const split = (sums: Float64Array, current: Float32Array) => {
      const count = current.length / width;
      const values = new Float32Array(count * factors);
      const bias = new Float32Array(count);
      for (let r = 0; r < count; r++) {
        for (let f = 0; f <= factors; f++) {
          const value = this.samples > 0 ? sums[r * width + f]! / this.samples : current[r * width + f]!;
          if (f === factors) bias[r] = value;
          else values[r * factors + f] = value;
        }
      }
      return { values, bias };
    };
    const users = split(this.users, fallback.users);
    const movies = split(this.movies, fallback.movies);
    return {
      userCount: users.bias.length,
      movieCount: movies.bias.length,
      factors,
      globalMean,
      userFactors: users.values,
      movieFactors: movies.values,
      userBias: users.bias,
      movieBias: movies.bias,
    };
  }
}
