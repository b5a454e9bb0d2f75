import type { IalsConfig, IalsModel, IalsTrainingData, WeightedRows } from '../models/ials';
import {
  gramPartialThreads,
  gramSlices,
  IALS_PARAMS,
  ialsPipelines,
  isSoftwareDevice,
  MAX_IALS_FACTORS,
  ROWS_PER_GROUP,
  type IalsPipelines,
  type SolverKind,
} from './webgpu-ials-kernels';
import { checkFits, GpuBuffers } from './gpu-buffers';
import { dispatchThreads, WORKGROUP_SIZE } from './webgpu-mf-kernels';

/** Largest scores buffer of one scoreUsers chunk (about 280 users of ml-25m's 59k movies). */
export const SCORE_CHUNK_BYTES = 64 * 2 ** 20;

/** One side's CSR rows on the GPU: columns and weights apart, so each is nnz × 4 bytes. */
interface GpuRows {
  readonly offsets: GPUBuffer;
  readonly columns: GPUBuffer;
  readonly weights: GPUBuffer;
}

/** The uniform fields that differ between dispatches (the rest come from the config). */
type SizeParams = Partial<Record<'rowCount' | 'otherCount' | 'slices' | 'sliceRows', number>>;

export interface WebGpuIalsOptions {
  /** Largest scores buffer of one scoreUsers chunk; smaller in tests, so that chunking is exercised. */
  readonly scoreChunkBytes?: number;
  /** The CG workgroup shape (see SolverShape); by default narrow on a CPU rasteriser, else wide. */
  readonly solver?: SolverKind;
}

/** One half of a sweep: the fixed side's Gram, then CG on every row of the solved side. */
interface Half {
  readonly bindGroups: readonly [gramPartial: GPUBindGroup, gramReduce: GPUBindGroup, solve: GPUBindGroup];
  readonly partialThreads: number;
  readonly rowCount: number;
}

/**
 * Trains implicit ALS with hand-written WGSL (webgpu-ials-kernels.ts), step for step as the CPU
 * reference's ialsIteration: per side a Gram of the fixed side, then warm-started CG on every
 * row in one dispatch. Nothing is read back per iteration.
 */
export class WebGpuIalsTrainer {
  readonly engine = 'webgpu-ials';
  /** Per side: Gram partials, Gram reduce, CG over every row; users then movies. */
  readonly dispatchesPerIteration = 6;
  /** Compute dispatches queued so far (sweeps and scoring), for the bench's counts. */
  dispatchCount = 0;
  /** The CG shape in use: wide on GPUs, narrow on CPU rasterisers such as SwiftShader. */
  readonly solver: SolverKind;
  private readonly k: number;
  private readonly buffers: GpuBuffers;
  private readonly userTable: GPUBuffer;
  private readonly movieTable: GPUBuffer;
  private readonly scoreParams: GPUBuffer;
  private readonly pipelines: IalsPipelines;
  /** Users (against the movies' Gram), then movies (against the users'). */
  private readonly halves: readonly [Half, Half];
  private readonly paramsHost = new ArrayBuffer(IALS_PARAMS.byteSize);
  private disposed = false;
  private readonly scoreChunkBytes: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly data: IalsTrainingData,
    private readonly config: IalsConfig,
    initial: { userFactors: Float32Array; movieFactors: Float32Array },
    options: WebGpuIalsOptions = {},
  ) {
    const scoreChunkBytes = options.scoreChunkBytes ?? SCORE_CHUNK_BYTES;
    this.scoreChunkBytes = scoreChunkBytes;
    this.buffers = new GpuBuffers(device);
    this.solver = options.solver ?? (isSoftwareDevice(device) ? 'narrow' : 'wide');
    const k = config.factors;
    if (k > MAX_IALS_FACTORS) throw new RangeError(`the WebGPU iALS kernels hold at most ${MAX_IALS_FACTORS} factors, not ${k}`);
    this.k = k;
    const { userCount, movieCount, byUser, byMovie } = data;
    const slices = Math.max(gramSlices(movieCount).slices, gramSlices(userCount).slices);
    const partialBytes = slices * k * k * 4;
    const largest = Math.max(
      userCount * k * 4,
      movieCount * k * 4,
      byUser.columns.length * 4,
      (Math.max(userCount, movieCount) + 1) * 4,
      partialBytes,
      // A scores chunk holds at least one user's row, however small the chunk asked for.
      Math.max(movieCount * 4, Math.min(scoreChunkBytes, userCount * movieCount * 4)),
    );
    checkFits(device, largest, 'iALS');
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const users = this.uploadRows(byUser, 'ials by user');
    const movies = this.uploadRows(byMovie, 'ials by movie');
    this.userTable = this.buffers.create(userCount * k * 4, storage | GPUBufferUsage.COPY_SRC, 'ials user table');
    this.movieTable = this.buffers.create(movieCount * k * 4, storage | GPUBufferUsage.COPY_SRC, 'ials movie table');
    this.buffers.write(this.userTable, initial.userFactors.subarray(0, userCount * k));
    this.buffers.write(this.movieTable, initial.movieFactors.subarray(0, movieCount * k));
    const partials = this.buffers.create(partialBytes, GPUBufferUsage.STORAGE, 'ials gram partials');
    const gram = this.buffers.create(k * k * 4, GPUBufferUsage.STORAGE, 'ials gram');

    // Every dispatch of a sweep is in one command buffer, so each gets its own uniform buffer.
    const uniform = (label: string, values: SizeParams) => {
      const buffer = this.buffers.create(IALS_PARAMS.byteSize, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label);
      this.buffers.write(buffer, this.params(values));
      return buffer;
    };
    this.scoreParams = uniform('ials score params', {});
    this.pipelines = ialsPipelines(device, this.solver);
    const half = (name: string, fixed: GPUBuffer, fixedCount: number, rows: GpuRows, solved: GPUBuffer, rowCount: number): Half => {
      const split = gramSlices(fixedCount);
      const gramParams = uniform(`ials ${name} gram params`, { rowCount: fixedCount, ...split });
      const solveParams = uniform(`ials ${name} solve params`, { rowCount, otherCount: fixedCount });
      return {
        bindGroups: [
          this.buffers.bindGroup(this.pipelines.gramPartial, [gramParams, fixed, partials]),
          this.buffers.bindGroup(this.pipelines.gramReduce, [gramParams, partials, gram]),
          this.buffers.bindGroup(this.pipelines.conjugateGradient, [
            solveParams,
            rows.offsets,
            rows.columns,
            rows.weights,
            fixed,
            gram,
            solved,
          ]),
        ],
        partialThreads: gramPartialThreads(k, split.slices),
        rowCount,
      };
    };
    this.halves = [
      half('users', this.movieTable, movieCount, users, this.userTable, userCount),
      half('movies', this.userTable, userCount, movies, this.movieTable, movieCount),
    ];
  }

  /** GPU buffers this trainer holds right now, and their bytes (0 after dispose). */
  get liveBufferCount(): number {
    return this.buffers.count;
  }
  get liveBufferBytes(): number {
    return this.buffers.bytes;
  }

  /** Queues one sweep: every user against the movies' Gram, then every movie against the users'.
   * Each half is its own submission, whose completion `onHalfDone` hears (no read-back). */
  iterate(onHalfDone?: (half: 0 | 1) => void): void {
    this.halves.forEach(({ bindGroups, partialThreads, rowCount }, half) => {
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      dispatchThreads(pass, this.pipelines.gramPartial, bindGroups[0], partialThreads);
      dispatchThreads(pass, this.pipelines.gramReduce, bindGroups[1], this.k * this.k);
      // One workgroup per 4 rows: dispatchThreads lays out one workgroup per WORKGROUP_SIZE
      // threads on a 2-D grid, whatever the CG shape's own workgroup size.
      dispatchThreads(pass, this.pipelines.conjugateGradient, bindGroups[2], Math.ceil(rowCount / ROWS_PER_GROUP) * WORKGROUP_SIZE);
      pass.end();
      // Submissions run in order, so the Gram and partials buffers serve both halves.
      this.device.queue.submit([encoder.finish()]);
      if (onHalfDone) void this.device.queue.onSubmittedWorkDone().then(() => onHalfDone(half as 0 | 1));
    });
    this.dispatchCount += this.dispatchesPerIteration;
  }

  /** Resolves when every queued iteration has run on the GPU. */
  finished(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  async readModel(): Promise<IalsModel> {
    const { userCount, movieCount, meanRating } = this.data;
    const [userFactors, movieFactors] = await Promise.all([
      this.buffers.readFloat32(this.userTable),
      this.buffers.readFloat32(this.movieTable),
    ]);
    return { userCount, movieCount, factors: this.k, userFactors, movieFactors, meanRating };
  }

  /** Scores (users.length × movieCount, row-major) of every movie for the given user rows. */
  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    const movieCount = this.data.movieCount;
    const out = new Float32Array(users.length * movieCount);
    if (out.length === 0) return out;
    const chunk = Math.min(users.length, Math.max(1, Math.floor(this.scoreChunkBytes / (movieCount * 4))));
    const userRows = this.buffers.create(chunk * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, 'ials score users');
    const scores = this.buffers.create(chunk * movieCount * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, 'ials scores');
    const readback = this.buffers.staging(chunk * movieCount * 4, 'ials scores readback');
    const bindGroup = this.buffers.bindGroup(this.pipelines.score, [this.scoreParams, userRows, this.userTable, this.movieTable, scores]);
    try {
      for (let start = 0; start < users.length; start += chunk) {
        const size = Math.min(chunk, users.length - start);
        const bytes = size * movieCount * 4;
        this.buffers.write(userRows, users.subarray(start, start + size));
        this.buffers.write(this.scoreParams, this.params({ rowCount: size, otherCount: movieCount }));
        const encoder = this.device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        dispatchThreads(pass, this.pipelines.score, bindGroup, size * movieCount);
        this.dispatchCount++;
        pass.end();
        encoder.copyBufferToBuffer(scores, 0, readback, 0, bytes);
        this.device.queue.submit([encoder.finish()]);
        await this.buffers.readInto(readback, bytes, out, start * movieCount);
      }
    } finally {
      this.buffers.destroy(userRows, scores, readback);
    }
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.buffers.destroyAll();
  }

  private uploadRows(rows: WeightedRows, label: string): GpuRows {
    return {
      offsets: this.buffers.upload(rows.offsets, `${label} offsets`),
      columns: this.buffers.upload(rows.columns, `${label} columns`),
      weights: this.buffers.upload(rows.weights, `${label} weights`),
    };
  }

  private params(values: SizeParams): ArrayBuffer {
    IALS_PARAMS.write(this.paramsHost, {
      k: this.k,
      rowCount: 0,
      otherCount: 0,
      slices: 0,
      sliceRows: 0,
      ...values,
      steps: this.config.conjugateGradientSteps,
      unobservedWeight: this.config.unobservedWeight,
      regularization: this.config.regularization,
      frequencyExponent: this.config.frequencyExponent,
    });
    return this.paramsHost;
  }
}
