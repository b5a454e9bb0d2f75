import type { BatchSource } from '../batch-source';
import type { RatingColumns, RatingScale } from '../dataset';
import { samplePrecision, samplePrior } from '../models/bayesian-mf-prior';
import { gibbsTablesOf, initialGibbsTables, PosteriorMean } from '../models/bayesian-mf-tables';
import { BAYESIAN_MF, prepareGibbsData, squaredError, sweepSeed, type GibbsData } from '../models/bayesian-mf';
import type { MatrixFactorizationWeights } from '../models/mf-weights';
import { clip } from '../predict';
import { mulberry32, type RandomSource } from '../random';
import { CpuRowSampler, WebGpuRowSampler, type CpuRowSamplerFactory, type RowSampler } from './gibbs-row-samplers';
import type { EpochControl, EpochRun, Trainer } from './trainer';
import { MfRecommenderModel } from './trainer';

export { GIBBS_SCRATCH_BYTES, type CpuRowSamplerFactory, type RowSampler } from './gibbs-row-samplers';

/**
 * Bayesian MF (models/bayesian-mf.ts) behind the epoch loop's Trainer: an epoch is one Gibbs
 * sweep (user rows, then movie rows), the model is the posterior mean of the sweeps after
 * burn-in. Row draws run on the GPU when a device is given, on the CPU otherwise; the priors and
 * the mean are always on the CPU (O(rows · k²) per sweep against the draws' O(ratings · k²)).
 * There is no learning rate and no mini-batch: setLearningRate and step do nothing.
 */
export class GibbsTrainer implements Trainer {
  readonly engine: 'webgpu-gibbs' | 'cpu-gibbs';
  private readonly sampler: RowSampler;
  private readonly width: number;
  private readonly tables: { users: Float32Array; movies: Float32Array };
  private mean: PosteriorMean;
  private best: PosteriorMean | undefined;
  private readonly random: RandomSource;
  private sweep = 0;
  private readonly data: GibbsData;
  /** α of the last sweep (drawn each sweep from the residuals). */
  ratingPrecision: number = BAYESIAN_MF.ratingPrecision;

  constructor(
    train: RatingColumns,
    size: { readonly userCount: number; readonly movieCount: number },
    private readonly factors: number,
    private readonly globalMean: number,
    private readonly seed: number,
    gpuDevice?: GPUDevice,
    initialWeights?: MatrixFactorizationWeights,
    cpuSampler: CpuRowSamplerFactory = (data, width) => new CpuRowSampler(data, width),
  ) {
    this.width = factors + 1;
    const data = prepareGibbsData(train, size, globalMean);
    this.data = data;
    this.tables = initialWeights ? gibbsTablesOf(initialWeights) : initialGibbsTables(size, factors, seed);
    this.mean = new PosteriorMean(this.tables.users.length, this.tables.movies.length);
    this.random = mulberry32(seed ^ 0x5bd1e995);
    this.sampler = gpuDevice ? new WebGpuRowSampler(gpuDevice, data, this.width, this.tables) : cpuSampler(data, this.width);
    this.engine = this.sampler.engine;
  }

  /** Compute dispatches queued so far (per sweep: one per side per chunk of rows). */
  get dispatchCount(): number {
    return this.sampler.dispatchCount;
  }

  /** Sweeps averaged into the model so far. */
  get averagedSamples(): number {
    return this.mean.samples;
  }

  setLearningRate(): void {
    // No learning rate: each draw is exact given the rest.
  }

  step(): void {
    throw new Error('Bayesian MF draws whole sweeps (trainEpoch), not mini-batch steps');
  }

  async trainEpoch(_batches: BatchSource, control: EpochControl): Promise<EpochRun> {
    const userCount = this.tables.users.length / this.width;
    const movieCount = this.tables.movies.length / this.width;
    if (this.sweep > 0) {
      const error = squaredError(this.data.users, this.tables.users, this.tables.movies, this.width);
      this.ratingPrecision = samplePrecision(error, this.data.users.columns.length, this.random);
    }
    for (const side of [0, 1] as const) {
      if (control.shouldStop()) return { steps: side, stopped: true };
      const [table, count] = side === 0 ? [this.tables.users, userCount] : [this.tables.movies, movieCount];
      const prior = samplePrior(table, count, this.width, this.random);
      await this.sampler.sampleSide(side, prior, sweepSeed(this.seed, this.sweep, side), this.ratingPrecision, this.tables);
      control.onProgress?.(side + 1, 2);
      await control.yieldToMessages?.();
    }
    this.sweep++;
    if (this.sweep > BAYESIAN_MF.burnIn) this.mean.add(this.tables.users, this.tables.movies);
    return { steps: 2, stopped: false };
  }

  async finished(): Promise<void> {
    // Every sweep ends with a read-back: nothing is left queued.
  }

  /** The model as of now: the posterior mean (the current sample during burn-in). */
  currentWeights(): MatrixFactorizationWeights {
    return this.mean.weights(this.factors, this.globalMean, this.tables);
  }

  async predict(columns: RatingColumns, scale: RatingScale): Promise<Float32Array> {
    const w = this.currentWeights();
    const k = this.factors;
    const out = new Float32Array(columns.rating.length);
    for (let j = 0; j < out.length; j++) {
      const u = columns.user[j]!;
      const i = columns.movie[j]!;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += w.userFactors[u * k + f]! * w.movieFactors[i * k + f]!;
      out[j] = clip(w.globalMean + w.userBias[u]! + w.movieBias[i]! + dot, scale);
    }
    return out;
  }

  saveBest(): void {
    this.best = this.mean.copy();
  }

  restoreBest(): void {
    if (this.best) this.mean = this.best.copy();
  }

  readonly readMfWeights = async (): Promise<MatrixFactorizationWeights> => this.currentWeights();

  async takeModel(): Promise<MfRecommenderModel> {
    const model = new MfRecommenderModel('biased-mf', this.currentWeights());
    this.dispose();
    return model;
  }

  dispose(): void {
    this.sampler.dispose();
  }
}
