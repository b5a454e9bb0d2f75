import { afterAll, describe, expect, it } from 'vitest';
import { demoSplit } from '../../test-support/demo-split';
import { nodeGpuDevice } from '../../test-support/node-webgpu';
import { GibbsTrainer } from '../engines/gibbs-trainer';
import { solveSymmetricPositiveDefinite } from '../linear-algebra';
import { mulberry32 } from '../random';
import { trainModel } from '../train';
import { carveValidation } from '../validation-carve';
import { DEFAULT_TRAINING_CONFIG } from '../training-config';
import { samplePrior } from './bayesian-mf-prior';
import { initialGibbsTables } from './bayesian-mf-tables';
import { prepareGibbsData, rowConditional, rowNoise, sampleRow, sampleSide, sweepSeed } from './bayesian-mf';

const { dataset, split, size } = demoSplit({ seed: 21, userCount: 130, movieCount: 220, meanRatingsPerUser: 40 }, 3);
const scale = dataset.ratingScale;
const factors = 6;
const width = factors + 1;
const mean = split.train.rating.reduce((sum, r) => sum + r, 0) / split.train.rating.length;
const data = prepareGibbsData(split.train, size, mean);

const gpu = await nodeGpuDevice();
const device = 'device' in gpu ? gpu.device : undefined;
if (!device) console.warn(`Skipping the WebGPU Gibbs kernel test: ${'skipReason' in gpu ? gpu.skipReason : ''}`);
afterAll(async () => {
  await device?.queue.onSubmittedWorkDone();
});

/** Row u's conditional written out the long way: P = Λ + α Σ y yᵀ, h = Λm + α Σ (r − μ − c_i) y. */
function directConditional(
  u: number,
  movies: Float32Array,
  prior: { precision: Float64Array; precisionMean: Float64Array },
  alpha: number,
) {
  const precision = Float64Array.from(prior.precision);
  const rhs = Float64Array.from(prior.precisionMean);
  for (let j = 0; j < split.train.rating.length; j++) {
    if (split.train.user[j] !== u) continue;
    const i = split.train.movie[j]!;
    const y = [...movies.subarray(i * width, i * width + factors), 1];
    const target = split.train.rating[j]! - mean - movies[i * width + factors]!;
    for (let a = 0; a < width; a++) {
      rhs[a]! += alpha * target * y[a]!;
      for (let b = 0; b < width; b++) precision[a * width + b]! += alpha * y[a]! * y[b]!;
    }
  }
  return { precision, rhs };
}

describe('Bayesian MF (Gibbs sampling)', () => {
  const tables = initialGibbsTables(size, factors, 5);
  const prior = samplePrior(tables.users, size.userCount, width, mulberry32(9));

  it('builds each row conditional as the formula says, and a draw is its mean plus L⁻ᵀ z', () => {
    for (const u of [0, 17, size.userCount - 1]) {
      const built = rowConditional(data.users, u, tables.movies, width, prior, 2);
      const direct = directConditional(u, tables.movies, prior, 2);
      for (let i = 0; i < width * width; i++) expect(built.precision[i]).toBeCloseTo(direct.precision[i]!, 4);
      for (let i = 0; i < width; i++) expect(built.rhs[i]).toBeCloseTo(direct.rhs[i]!, 4);
      // x − mean = L⁻ᵀ z, so P (x − mean) = L z and (x − mean)ᵀ P (x − mean) = |z|².
      const x = sampleRow(built, width, 77, u);
      const meanX = solveSymmetricPositiveDefinite(direct.precision, direct.rhs, width);
      const offset = Array.from(x, (value, d) => value - meanX[d]!);
      let quadratic = 0;
      for (let a = 0; a < width; a++)
        for (let b = 0; b < width; b++) quadratic += offset[a]! * direct.precision[a * width + b]! * offset[b]!;
      const noise = Array.from({ length: width }, (_, d) => rowNoise(77, u, d));
      expect(quadratic).toBeCloseTo(
        noise.reduce((sum, z) => sum + z * z, 0),
        6,
      );
    }
  });

  it('draws noise that is standard normal', () => {
    const values = Array.from({ length: 20000 }, (_, j) => rowNoise(sweepSeed(3, 1, 0), j >> 4, j & 15));
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it.skipIf(!device)('draws on the GPU what the CPU reference draws (same noise, float32)', async () => {
    const cpu = new GibbsTrainer(split.train, size, factors, mean, 5);
    const gpuTrainer = new GibbsTrainer(split.train, size, factors, mean, 5, device);
    const control = { shouldStop: () => false };
    for (let sweep = 0; sweep < 2; sweep++) {
      await cpu.trainEpoch(undefined as never, control);
      await gpuTrainer.trainEpoch(undefined as never, control);
    }
    expect(gpuTrainer.engine).toBe('webgpu-gibbs');
    const a = cpu.currentWeights();
    const b = gpuTrainer.currentWeights();
    let largest = 0;
    for (let i = 0; i < a.userFactors.length; i++) largest = Math.max(largest, Math.abs(a.userFactors[i]! - b.userFactors[i]!));
    for (let i = 0; i < a.movieBias.length; i++) largest = Math.max(largest, Math.abs(a.movieBias[i]! - b.movieBias[i]!));
    expect(largest).toBeLessThan(2e-3);
    expect(gpuTrainer.dispatchCount).toBe(4);
    cpu.dispose();
    gpuTrainer.dispose();
  });

  it('sampleSide leaves no row untouched and no NaN', () => {
    const users = Float32Array.from(tables.users);
    sampleSide(data.users, users, tables.movies, width, prior, 11, 2);
    expect(users.every(Number.isFinite)).toBe(true);
    expect(users.some((v, i) => v !== tables.users[i])).toBe(true);
  });

  it('beats biased MF on demo data, both chosen on validation and refit', async () => {
    // Both with a validation carve (Gibbs has none by default): each chosen on validation, then refit.
    const base = { ...DEFAULT_TRAINING_CONFIG, factors: 8, ranker: 'none' as const, validationFraction: 0.1 };
    const bayesian = await trainModel(split, size, scale, { ...base, optimizer: 'gibbs', epochs: 60 });
    const biased = await trainModel(split, size, scale, { ...base, optimizer: 'adam', epochs: 40, batchSize: 256, learningRate: 0.01 });
    expect(bayesian.engine).toBe('cpu-gibbs');
    expect(bayesian.refit?.epochs).toBe(bayesian.bestEpoch);
    expect(bayesian.reportedTestRmse).toBeLessThan(biased.reportedTestRmse - 0.005);
    bayesian.model.dispose();
    biased.model.dispose();
  }, 120_000);
});

describe('carveValidation', () => {
  it('is seeded, takes the asked share, and draws only training rows', () => {
    const a = carveValidation(split.train, 0.1, 7);
    const b = carveValidation(split.train, 0.1, 7);
    const c = carveValidation(split.train, 0.1, 8);
    expect(a.validation!.rating.length).toBe(Math.round(split.train.rating.length * 0.1));
    expect(Array.from(a.validation!.user)).toEqual(Array.from(b.validation!.user));
    expect(Array.from(a.validation!.movie)).not.toEqual(Array.from(c.validation!.movie));
    const key = (u: number, m: number) => `${u}:${m}`;
    const test = new Set(Array.from(split.test.user, (u, j) => key(u, split.test.movie[j]!)));
    const fit = new Set(Array.from(a.fit.user, (u, j) => key(u, a.fit.movie[j]!)));
    for (let j = 0; j < a.validation!.rating.length; j++) {
      const pair = key(a.validation!.user[j]!, a.validation!.movie[j]!);
      expect(test.has(pair)).toBe(false);
      expect(fit.has(pair)).toBe(false);
    }
    expect(a.fit.rating.length + a.validation!.rating.length).toBe(split.train.rating.length);
    expect(carveValidation(split.train, 0, 7).validation).toBeUndefined();
  });

  it('early stopping watches validation, not test: the kept epoch is the best validation epoch', async () => {
    const outcome = await trainModel(split, size, scale, {
      ...DEFAULT_TRAINING_CONFIG,
      optimizer: 'gibbs',
      factors: 4,
      epochs: 8,
      validationFraction: 0.1,
      refit: false,
      ranker: 'none',
    });
    const best = outcome.history.reduce((a, m) => (m.validationRmse < a.validationRmse ? m : a));
    expect(outcome.keptEpoch).toBe(best.epoch);
    expect(outcome.reportedTestRmse).toBe(outcome.history[best.epoch - 1]!.testRmse);
    outcome.model.dispose();
  });
});
