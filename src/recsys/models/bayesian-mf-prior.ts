/**
 * The hyperparameter draws of Bayesian MF (see bayesian-mf.ts): each side's Normal-Wishart
 * posterior (k × k work, once per side per sweep, on the CPU in float64) and the Gamma posterior
 * of the rating noise precision α.
 */
import { choleskyLower, inverseSymmetricPositiveDefinite, meanAndScatter, solveLowerTransposed } from '../linear-algebra';
import { randomNormal, type RandomSource } from '../random';
import { BAYESIAN_MF, type SidePrior } from './bayesian-mf';

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
  // W*⁻¹ = W0⁻¹ + N S + β0 N / (β0 + N) x̄ x̄ᵀ, with N S the scatter about x̄ (μ0 = 0, W0 = I).
  const beta0 = BAYESIAN_MF.priorStrength;
  const { mean, scatter } = meanAndScatter(table, count, d);
  const shrink = (beta0 * count) / (beta0 + count);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) scatter[a * d + b]! += shrink * mean[a]! * mean[b]! + (a === b ? 1 : 0);
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
