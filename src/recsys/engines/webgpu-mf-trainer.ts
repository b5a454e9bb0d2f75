import type { RatingColumns, RatingScale } from '../dataset';
import type { MatrixFactorizationWeights } from '../models/mf-weights';
import type { OptimizerKind } from '../training-config';
import { BatchRowGrouper } from './batch-rows';
import { MfRecommenderModel, type RecommenderModel, type Trainer } from './trainer';
import { dispatchThreads, MF_PARAMS, mfPipelines, PARAMS_BYTES, type MfPipelines } from './webgpu-mf-kernels';
import { packTable, unpackTable } from './webgpu-mf-table';

export interface WebGpuMfOptions {
  readonly useBias: boolean;
  readonly optimizer: OptimizerKind;
  readonly regularization: number;
  readonly maxBatchSize: number;
}

/** Adam's constants, as tfjs uses them (tf.train.adam defaults, float32 epsilon). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Rows predicted per dispatch when evaluating a whole split. */
const PREDICT_CHUNK = 1 << 18;

/** Raised when the model does not fit this device's buffers; the caller uses another engine. */
export class DeviceTooSmallError extends Error {
  override name = 'DeviceTooSmallError';
}

/**
 * Trains MF / biased MF with hand-written WebGPU kernels (see webgpu-mf-kernels.ts): three
 * dispatches per step whatever the table size, touched rows only, no readback per step.
 * Runs on any GPUDevice: the tfjs WebGPU backend's in the app, Dawn's in Node tests.
 */
export class WebGpuMfTrainer implements Trainer {
  readonly engine = 'webgpu-fused';
  readonly dispatchesPerStep = 3;
  private readonly stride: number;
  private readonly tableRows: number;
  private readonly buffers: GPUBuffer[] = [];
  private readonly table: GPUBuffer;
  private readonly firstMoment: GPUBuffer;
  private readonly secondMoment: GPUBuffer;
  private readonly batchRows: GPUBuffer;
  private readonly ratings: GPUBuffer;
  private readonly errors: GPUBuffer;
  private readonly groups: GPUBuffer;
  private readonly gradients: GPUBuffer;
  private readonly stepParams: GPUBuffer;
  private readonly predictParams: GPUBuffer;
  private readonly pipelines: MfPipelines;
  private readonly stepBindGroups: readonly [errors: GPUBindGroup, gradients: GPUBindGroup, update: GPUBindGroup];
  private readonly grouper: BatchRowGrouper;
  private readonly batchRowsHost: Int32Array<ArrayBuffer>;
  private readonly ratingsHost: Float32Array<ArrayBuffer>;
  private readonly groupsHost: Int32Array<ArrayBuffer>;
  private readonly paramsHost = new ArrayBuffer(PARAMS_BYTES);
  private bestTable: GPUBuffer | undefined;
  private learningRate = 0.001;
  private stepCount = 0;
  private disposed = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly initial: MatrixFactorizationWeights,
    private readonly options: WebGpuMfOptions,
  ) {
    const { userCount, movieCount, factors } = initial;
    this.stride = factors + 1;
    this.tableRows = userCount + movieCount;
    const tableBytes = this.tableRows * this.stride * 4;
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    if (tableBytes > limit) {
      throw new DeviceTooSmallError(
        `the model needs a ${(tableBytes / 2 ** 20).toFixed(0)} MiB buffer; this GPU allows ${(limit / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const B = options.maxBatchSize;
    const adam = options.optimizer === 'adam';
    this.table = this.createBuffer(tableBytes, storage | GPUBufferUsage.COPY_SRC);
    this.firstMoment = this.createBuffer(adam ? tableBytes : 4, storage);
    this.secondMoment = this.createBuffer(adam ? tableBytes : 4, storage);
    this.batchRows = this.createBuffer(2 * B * 4, storage);
    this.ratings = this.createBuffer(B * 4, storage);
    this.errors = this.createBuffer(B * 4, GPUBufferUsage.STORAGE);
    this.groups = this.createBuffer((8 * B + 1) * 4, storage);
    this.gradients = this.createBuffer(2 * B * this.stride * 4, GPUBufferUsage.STORAGE);
    this.stepParams = this.createBuffer(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.predictParams = this.createBuffer(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.batchRowsHost = new Int32Array(2 * B);
    this.ratingsHost = new Float32Array(B);
    this.groupsHost = new Int32Array(8 * B + 1);
    this.grouper = new BatchRowGrouper(userCount, movieCount, B);

    device.queue.writeBuffer(this.table, 0, packTable(initial));
    // Moments start at zero (new buffers are zero-filled by WebGPU).

    this.pipelines = mfPipelines(device);
    this.stepBindGroups = [
      this.bindGroup(this.pipelines.errors, [this.stepParams, this.table, this.batchRows, this.ratings, this.errors]),
      this.bindGroup(this.pipelines.gradients, [this.stepParams, this.table, this.errors, this.groups, this.gradients]),
      this.bindGroup(this.pipelines.update, [
        this.stepParams,
        this.table,
        this.firstMoment,
        this.secondMoment,
        this.groups,
        this.gradients,
      ]),
    ];
  }

  /** GPU buffers this trainer holds right now (0 after dispose). */
  get liveBufferCount(): number {
    return this.buffers.length;
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /** One optimisation step on ratings j < size; queued on the GPU, nothing read back. */
  step(users: Int32Array, movies: Int32Array, ratings: Float32Array, size: number): void {
    if (size > this.options.maxBatchSize) throw new RangeError(`batch of ${size} exceeds ${this.options.maxBatchSize}`);
    const { userCount } = this.initial;
    const groups = this.grouper.group(users, movies, size);
    const rowCount = groups.rowCount;
    for (let j = 0; j < size; j++) {
      this.batchRowsHost[j] = users[j]!;
      this.batchRowsHost[size + j] = userCount + movies[j]!;
      this.ratingsHost[j] = ratings[j]!;
    }
    this.groupsHost.set(groups.rowIds.subarray(0, rowCount), 0);
    this.groupsHost.set(groups.rowOffsets.subarray(0, rowCount + 1), rowCount);
    this.groupsHost.set(groups.occurrences.subarray(0, 4 * size), 2 * rowCount + 1);
    const queue = this.device.queue;
    queue.writeBuffer(this.batchRows, 0, this.batchRowsHost, 0, 2 * size);
    queue.writeBuffer(this.ratings, 0, this.ratingsHost, 0, size);
    queue.writeBuffer(this.groups, 0, this.groupsHost, 0, 2 * rowCount + 1 + 4 * size);
    this.stepCount++;
    queue.writeBuffer(this.stepParams, 0, this.params(size, rowCount));

    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    dispatchThreads(pass, this.pipelines.errors, this.stepBindGroups[0], size);
    dispatchThreads(pass, this.pipelines.gradients, this.stepBindGroups[1], rowCount * this.stride);
    dispatchThreads(pass, this.pipelines.update, this.stepBindGroups[2], rowCount * this.stride);
    pass.end();
    queue.submit([encoder.finish()]);
  }

  /** Resolves when every queued step has run on the GPU. */
  finished(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  /** Clipped predictions for every row of `columns`. */
  async predict(columns: RatingColumns, scale: RatingScale): Promise<Float32Array> {
    const n = columns.rating.length;
    const out = new Float32Array(n);
    const chunk = Math.min(PREDICT_CHUNK, Math.max(n, 1));
    const pairRows = this.createBuffer(2 * chunk * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const predictions = this.createBuffer(chunk * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const readback = this.createBuffer(chunk * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const bindGroup = this.bindGroup(this.pipelines.predict, [this.predictParams, this.table, pairRows, predictions]);
    const host = new Int32Array(2 * chunk);
    try {
      for (let start = 0; start < n; start += chunk) {
        const size = Math.min(chunk, n - start);
        for (let j = 0; j < size; j++) {
          host[j] = columns.user[start + j]!;
          host[size + j] = this.initial.userCount + columns.movie[start + j]!;
        }
        this.device.queue.writeBuffer(pairRows, 0, host, 0, 2 * size);
        this.device.queue.writeBuffer(this.predictParams, 0, this.params(size, 0, scale));
        const encoder = this.device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        dispatchThreads(pass, this.pipelines.predict, bindGroup, size);
        pass.end();
        encoder.copyBufferToBuffer(predictions, 0, readback, 0, size * 4);
        this.device.queue.submit([encoder.finish()]);
        await readback.mapAsync(GPUMapMode.READ, 0, size * 4);
        out.set(new Float32Array(readback.getMappedRange(0, size * 4)), start);
        readback.unmap();
      }
    } finally {
      for (const buffer of [pairRows, predictions, readback]) this.destroyBuffer(buffer);
    }
    return out;
  }

  /** Keeps a copy of the current weights on the GPU (no readback), for early stopping. */
  saveBest(): void {
    this.bestTable ??= this.createBuffer(this.table.size, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.table, 0, this.bestTable, 0, this.table.size);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Puts back the weights of the last saveBest(). */
  restoreBest(): void {
    if (!this.bestTable) return;
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.bestTable, 0, this.table, 0, this.table.size);
    this.device.queue.submit([encoder.finish()]);
  }

  async readWeights(): Promise<MatrixFactorizationWeights> {
    const readback = this.createBuffer(this.table.size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.table, 0, readback, 0, this.table.size);
      this.device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      const packed = new Float32Array(readback.getMappedRange().slice(0));
      readback.unmap();
      return unpackTable(packed, this.initial);
    } finally {
      this.destroyBuffer(readback);
    }
  }

  readonly readMfWeights = () => this.readWeights();

  async takeModel(): Promise<RecommenderModel> {
    const weights = await this.readWeights();
    this.dispose();
    return new MfRecommenderModel(this.options.useBias ? 'biased-mf' : 'mf', weights);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buffer of [...this.buffers]) this.destroyBuffer(buffer);
  }

  private params(batchSize: number, rowCount: number, scale?: RatingScale): ArrayBuffer {
    const steps = Math.max(this.stepCount, 1);
    MF_PARAMS.write(this.paramsHost, {
      k: this.initial.factors,
      stride: this.stride,
      batchSize,
      rowCount,
      mu: this.initial.globalMean,
      lambda: this.options.regularization,
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: EPSILON,
      biasCorrection1: 1 - BETA1 ** steps,
      biasCorrection2: 1 - BETA2 ** steps,
      useBias: this.options.useBias ? 1 : 0,
      useAdam: this.options.optimizer === 'adam' ? 1 : 0,
      clipMin: scale?.min ?? -Infinity,
      clipMax: scale?.max ?? Infinity,
    });
    return this.paramsHost;
  }

  private bindGroup(pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  private createBuffer(size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    // WebGPU wants sizes in multiples of 4 bytes.
    const buffer = this.device.createBuffer({ size: Math.max(4, Math.ceil(size / 4) * 4), usage });
    this.buffers.push(buffer);
    return buffer;
  }

  private destroyBuffer(buffer: GPUBuffer): void {
    const at = this.buffers.indexOf(buffer);
    if (at >= 0) this.buffers.splice(at, 1);
    buffer.destroy();
  }
}
