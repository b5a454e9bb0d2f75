import type { BatchSource } from '../batch-source';
import type { RatingColumns, RatingScale } from '../dataset';
import { samplePrecision, samplePrior } from '../models/bayesian-mf-prior';
import { gibbsTablesOf, initialGibbsTables, PosteriorMean } from '../models/bayesian-mf-tables';
import {
  BAYESIAN_MF,
  prepareGibbsData,
  sampleSide,
  squaredError,
  sweepSeed,
  type GibbsData,
  type RatingRows,
  type SidePrior,
} from '../models/bayesian-mf';
import type { MatrixFactorizationWeights } from '../models/mf-weights';
import { clip } from '../predict';
import { mulberry32, type RandomSource } from '../random';
import { checkFits, GpuBuffers, largestBinding } from './gpu-buffers';
import type { EpochControl, EpochRun, Trainer } from './trainer';
import { MfRecommenderModel } from './trainer';
import { GIBBS_PARAMS, gibbsRowShader } from './webgpu-gibbs-kernels';
import { dispatchThreads } from './webgpu-mf-kernels';

/** Scratch a chunk of row draws may use on the GPU (each row: a (k+1)(k+2)/2 triangle of floats). */
export const GIBBS_SCRATCH_BYTES = 128 * 2 ** 20;

/** Draws one side's rows given the other side and the prior, updating `tables` (the CPU copies). */
export interface RowSampler {
  readonly engine: 'webgpu-gibbs' | 'cpu-gibbs';
  sampleSide(
    side: 0 | 1,
    prior: SidePrior,
    seed: number,
    precision: number,
    tables: { users: Float32Array; movies: Float32Array },
  ): Promise<void>;
  /** Compute dispatches queued so far. */
  readonly dispatchCount: number;
  dispose(): void;
}

/** Makes the CPU row sampler: this thread's by default; the worker's runs on every core. */
export type CpuRowSamplerFactory = (data: GibbsData, width: number) => RowSampler;

class CpuRowSampler implements RowSampler {
  readonly engine = 'cpu-gibbs';
  readonly dispatchCount = 0;

  constructor(
    private readonly data: GibbsData,
    private readonly width: number,
  ) {}

  async sampleSide(
    side: 0 | 1,
    prior: SidePrior,
    seed: number,
    precision: number,
    tables: { users: Float32Array; movies: Float32Array },
  ): Promise<void> {
    if (side === 0) sampleSide(this.data.users, tables.users, tables.movies, this.width, prior, seed, precision);
    else sampleSide(this.data.movies, tables.movies, tables.users, this.width, prior, seed, precision);
  }

  dispose(): void {
    // Plain arrays: nothing to free.
  }
}

interface GpuSide {
  readonly rowCount: number;
  readonly table: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
}

/** The row draws on the GPU (webgpu-gibbs-kernels.ts); each side's table is read back after its draw,
 * because the CPU draws the next prior from it and keeps the posterior mean. */
class WebGpuRowSampler implements RowSampler {
  readonly engine = 'webgpu-gibbs';
  dispatchCount = 0;
  private readonly buffers: GpuBuffers;
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;
  private readonly prior: GPUBuffer;
  private readonly sides: readonly [GpuSide, GpuSide];
  private readonly chunkRows: number;
  private readonly paramsHost = new ArrayBuffer(GIBBS_PARAMS.byteSize);

  constructor(
    private readonly device: GPUDevice,
    data: GibbsData,
    private readonly width: number,
    initial: { users: Float32Array; movies: Float32Array },
  ) {
    const triangle = (width * (width + 1)) / 2;
    const userCount = data.users.offsets.length - 1;
    const movieCount = data.movies.offsets.length - 1;
    const limit = largestBinding(device);
    this.chunkRows = Math.max(
      1,
      Math.min(Math.max(userCount, movieCount), Math.floor(Math.min(GIBBS_SCRATCH_BYTES, limit) / (triangle * 4))),
    );
    const largest = Math.max(userCount, movieCount) * width * 4;
    checkFits(device, Math.max(largest, data.users.columns.byteLength), 'Bayesian MF');
    this.buffers = new GpuBuffers(device);
    this.pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: gibbsRowShader(width) }), entryPoint: 'main' },
    });
    this.params = this.buffers.create(GIBBS_PARAMS.byteSize, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.prior = this.buffers.create((width * width + width) * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const scratch = this.buffers.create(this.chunkRows * triangle * 4, GPUBufferUsage.STORAGE);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const userTable = this.buffers.upload(initial.users, storage);
    const movieTable = this.buffers.upload(initial.movies, storage);
    const side = (rows: RatingRows, table: GPUBuffer, other: GPUBuffer): GpuSide => ({
      rowCount: rows.offsets.length - 1,
      table,
      bindGroup: this.buffers.bindGroup(this.pipeline, [
        this.params,
        this.buffers.upload(rows.offsets),
        this.buffers.upload(rows.columns),
        this.buffers.upload(rows.residuals),
        other,
        this.prior,
        table,
        scratch,
      ]),
    });
    this.sides = [side(data.users, userTable, movieTable), side(data.movies, movieTable, userTable)];
  }

  /** GPU buffers this trainer holds right now, and their bytes (0 after dispose). */
  get liveBufferCount(): number {
    return this.buffers.count;
  }
  get liveBufferBytes(): number {
    return this.buffers.bytes;
  }

  async sampleSide(
    sideIndex: 0 | 1,
    prior: SidePrior,
    seed: number,
    precision: number,
    tables: { users: Float32Array; movies: Float32Array },
  ): Promise<void> {
    const side = this.sides[sideIndex];
    const priorValues = new Float32Array(this.width * this.width + this.width);
    priorValues.set(prior.precision);
    priorValues.set(prior.precisionMean, this.width * this.width);
    this.device.queue.writeBuffer(this.prior, 0, priorValues);
    // Writes and submissions run in queue order, so one uniform serves every chunk in turn.
    for (let firstRow = 0; firstRow < side.rowCount; firstRow += this.chunkRows) {
      const rowCount = Math.min(this.chunkRows, side.rowCount - firstRow);
      GIBBS_PARAMS.write(this.paramsHost, {
        rowCount,
        firstRow,
        chunkRows: this.chunkRows,
        seed,
        ratingPrecision: precision,
      });
      this.device.queue.writeBuffer(this.params, 0, this.paramsHost);
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      dispatchThreads(pass, this.pipeline, side.bindGroup, rowCount);
      pass.end();
      this.device.queue.submit([encoder.finish()]);
      this.dispatchCount++;
    }
    const values = await this.buffers.readFloat32(side.table);
    (sideIndex === 0 ? tables.users : tables.movies).set(values.subarray(0, side.rowCount * this.width));
  }

  dispose(): void {
    this.buffers.destroyAll();
  }
}

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
