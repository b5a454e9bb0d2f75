/**
 * The row draws of one Gibbs half-sweep (every row of one side, given the other side, the prior
 * and the rating precision), behind one interface: on the GPU (WGSL, webgpu-gibbs-kernels.ts)
 * or on this thread's CPU. The sweep loop, the priors and the posterior mean are
 * gibbs-trainer.ts's; a worker pool's CPU sampler (parallel-gibbs.ts) implements the same interface.
 */
import { sampleSide, type GibbsData, type RatingRows, type SidePrior } from '../models/bayesian-mf';
import { checkFits, GpuBuffers, largestBinding } from './gpu-buffers';
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

export class CpuRowSampler implements RowSampler {
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
export class WebGpuRowSampler implements RowSampler {
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
    this.params = this.buffers.create(GIBBS_PARAMS.byteSize, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'gibbs params');
    this.prior = this.buffers.create((width * width + width) * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, 'gibbs prior');
    const scratch = this.buffers.create(this.chunkRows * triangle * 4, GPUBufferUsage.STORAGE, 'gibbs scratch');
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const userTable = this.buffers.upload(initial.users, 'gibbs user table', storage);
    const movieTable = this.buffers.upload(initial.movies, 'gibbs movie table', storage);
    const side = (name: string, rows: RatingRows, table: GPUBuffer, other: GPUBuffer): GpuSide => ({
      rowCount: rows.offsets.length - 1,
      table,
      bindGroup: this.buffers.bindGroup(this.pipeline, [
        this.params,
        this.buffers.upload(rows.offsets, `gibbs ${name} offsets`),
        this.buffers.upload(rows.columns, `gibbs ${name} columns`),
        this.buffers.upload(rows.residuals, `gibbs ${name} residuals`),
        other,
        this.prior,
        table,
        scratch,
      ]),
    });
    this.sides = [side('by user', data.users, userTable, movieTable), side('by movie', data.movies, movieTable, userTable)];
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
    this.buffers.write(this.prior, priorValues);
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
      this.buffers.write(this.params, this.paramsHost);
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
