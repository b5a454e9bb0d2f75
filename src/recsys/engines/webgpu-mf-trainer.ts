import type { BatchSource } from '../batch-source';
import type { RatingColumns, RatingScale } from '../dataset';
import type { MatrixFactorizationWeights } from '../models/mf-weights';
import type { GradientOptimizerKind } from '../training-config';
import { MfRecommenderModel, YIELD_INTERVAL_MS, type EpochControl, type EpochRun, type RecommenderModel, type Trainer } from './trainer';
import { isSoftwareDevice } from './webgpu-ials-kernels';
import { dispatchThreads, MF_PARAMS, mfPipelines, PARAMS_BYTES, type MfPipelines } from './webgpu-mf-kernels';
import { StepPlanner } from './webgpu-mf-plan';
import { packTable, tableStride, unpackTable } from './webgpu-mf-table';

export interface WebGpuMfOptions {
  readonly useBias: boolean;
  readonly optimizer: GradientOptimizerKind;
  readonly regularization: number;
  readonly maxBatchSize: number;
  /** Ratings per planned piece of an epoch (default PLAN_RATINGS); tests make it small. */
  readonly planRatings?: number;
  /** Columns each update thread takes (default: columnsPerUpdateThread(device)). */
  readonly columnsPerThread?: number;
}

/**
 * Columns per update thread (in whole vec4s). A GPU wants many light threads (one vec4 each
 * keeps every lane busy); SwiftShader runs invocations on CPU cores, where each one has a fixed
 * cost: there 16 columns a thread made a 1,024-rating epoch of ml-latest-small (k 64, Dawn in
 * Node, alternated in one run) take 0.76–1.0 s against 1.3–1.9 s with 4 (and 2.6–3.0 s with one
 * scalar column a thread); a whole row per thread was no faster than 16.
 */
export function columnsPerUpdateThread(device: GPUDevice): number {
  return isSoftwareDevice(device) ? SOFTWARE_COLUMNS_PER_THREAD : 1;
}
const SOFTWARE_COLUMNS_PER_THREAD = 16;

/** Adam's constants, as tfjs uses them (tf.train.adam defaults, float32 epsilon). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Rows predicted per dispatch when evaluating a whole split. */
const PREDICT_CHUNK = 1 << 18;
/** Ratings planned and uploaded at once: large writes, yet a Stop waits for at most about two
 * pieces of queued work (64 steps of 1,024). */
const PLAN_RATINGS = 1 << 16;
/** Steps per queue submission: each submission's completion is what progress counts. */
const STEPS_PER_SUBMIT = 16;

/** Raised when the model does not fit this device's buffers; the caller uses another engine. */
export class DeviceTooSmallError extends Error {
  override name = 'DeviceTooSmallError';
}

/**
 * Trains MF / biased MF with hand-written WebGPU kernels (see webgpu-mf-kernels.ts): two
 * dispatches per step whatever the table size, touched rows only, no readback per step. The
 * CPU plans and uploads many steps at once (webgpu-mf-plan.ts); a step is then only recorded.
 * Runs on any GPUDevice: the tfjs WebGPU backend's in the app, Dawn's in Node tests.
 */
export class WebGpuMfTrainer implements Trainer {
  readonly engine = 'webgpu-fused';
  readonly dispatchesPerStep = 2;
  private readonly stride: number;
  private readonly threadsPerRow: number;
  private readonly tableRows: number;
  private readonly buffers: GPUBuffer[] = [];
  private readonly table: GPUBuffer;
  private readonly firstMoment: GPUBuffer;
  private readonly secondMoment: GPUBuffer;
  private readonly pairRows: GPUBuffer;
  private readonly ratings: GPUBuffer;
  private readonly groups: GPUBuffer;
  private readonly snapshot: GPUBuffer;
  private readonly stepParams: GPUBuffer;
  private readonly predictParams: GPUBuffer;
  private readonly pipelines: MfPipelines;
  private readonly gatherBindGroup: GPUBindGroup;
  private readonly updateBindGroup: GPUBindGroup;
  private readonly planner: StepPlanner;
  /** Bytes between consecutive steps' uniforms (the device's dynamic-offset alignment). */
  private readonly paramsStride: number;
  private readonly stepParamsHost: ArrayBuffer;
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
    this.stride = tableStride(factors);
    // Update threads take whole vec4s of a row.
    const quads = this.stride / 4;
    const quadsPerThread = Math.min(quads, Math.max(1, Math.round((options.columnsPerThread ?? columnsPerUpdateThread(device)) / 4)));
    this.threadsPerRow = Math.ceil(quads / quadsPerThread);
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
    const planSteps = Math.max(1, Math.floor((options.planRatings ?? PLAN_RATINGS) / B));
    const adam = options.optimizer === 'adam';
    this.planner = new StepPlanner(userCount, movieCount, B, planSteps);
    this.paramsStride = Math.max(PARAMS_BYTES, device.limits.minUniformBufferOffsetAlignment);
    this.stepParamsHost = new ArrayBuffer(this.paramsStride * planSteps);
    this.table = this.createBuffer(tableBytes, storage | GPUBufferUsage.COPY_SRC);
    // Without Adam the moments are never read: one vec4 each, the smallest binding.
    this.firstMoment = this.createBuffer(adam ? tableBytes : 16, storage);
    this.secondMoment = this.createBuffer(adam ? tableBytes : 16, storage);
    this.pairRows = this.createBuffer(this.planner.pairRows.byteLength, storage);
    this.ratings = this.createBuffer(this.planner.ratings.byteLength, storage);
    this.groups = this.createBuffer(this.planner.groups.byteLength, storage);
    this.snapshot = this.createBuffer(2 * B * this.stride * 4, GPUBufferUsage.STORAGE);
    this.stepParams = this.createBuffer(this.stepParamsHost.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.predictParams = this.createBuffer(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);

    device.queue.writeBuffer(this.table, 0, packTable(initial));
    // Moments start at zero (new buffers are zero-filled by WebGPU).

    this.pipelines = mfPipelines(device);
    const stepBindGroup = (layout: GPUBindGroupLayout, buffers: GPUBuffer[]) =>
      device.createBindGroup({
        layout,
        entries: buffers.map((buffer, binding) => ({
          binding,
          // The uniform is bound one step's worth at a time, at a dynamic offset.
          resource: binding === 0 ? { buffer, size: PARAMS_BYTES } : { buffer },
        })),
      });
    this.gatherBindGroup = stepBindGroup(this.pipelines.gatherLayout, [
      this.stepParams,
      this.table,
      this.pairRows,
      this.ratings,
      this.snapshot,
    ]);
    this.updateBindGroup = stepBindGroup(this.pipelines.updateLayout, [
      this.stepParams,
      this.table,
      this.firstMoment,
      this.secondMoment,
      this.groups,
      this.snapshot,
    ]);
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
    const columns = { user: users.subarray(0, size), movie: movies.subarray(0, size), rating: ratings.subarray(0, size) };
    this.planner.plan(columns, undefined, 0, size, 1);
    this.uploadPlan();
    this.submitSteps(0, 1);
  }

  /**
   * The epoch in planned pieces: plan and upload PLAN_RATINGS ratings' worth of steps, record
   * them (two dispatches each, STEPS_PER_SUBMIT per submission), and plan the next piece while
   * the GPU runs this one; never more than one piece ahead of the GPU.
   */
  async trainEpoch(batches: BatchSource, control: EpochControl): Promise<EpochRun> {
    const total = batches.batchCount;
    let recorded = 0;
    let done = 0;
    let stopped = false;
    let previousPiece: Promise<void> = Promise.resolve();
    let lastYield = performance.now();
    const countDone = (steps: number) => () => {
      done += steps;
      control.onProgress?.(done, total);
    };
    while (recorded < total) {
      if (control.shouldStop()) {
        stopped = true;
        break;
      }
      this.planner.plan(batches.train, batches.order, recorded * batches.batchSize, batches.batchSize, this.planner.maxSteps);
      const planned = this.planner.stepCount;
      this.uploadPlan();
      let piece: Promise<void> = Promise.resolve();
      for (let s = 0; s < planned; s += STEPS_PER_SUBMIT) {
        const count = Math.min(STEPS_PER_SUBMIT, planned - s);
        this.submitSteps(s, count);
        piece = this.device.queue.onSubmittedWorkDone().then(countDone(count));
      }
      recorded += planned;
      // The planner's arrays were copied by writeBuffer; waiting for the piece before last
      // keeps the queue short, so a Stop takes effect within about two pieces.
      await previousPiece;
      previousPiece = piece;
      if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await control.yieldToMessages?.();
        lastYield = performance.now();
      }
    }
    await previousPiece;
    await this.finished();
    return { steps: recorded, stopped };
  }

  /** Writes the planned pieces and each planned step's uniform. */
  private uploadPlan(): void {
    const plan = this.planner;
    const queue = this.device.queue;
    for (let s = 0; s < plan.stepCount; s++) {
      const step = plan.steps[s]!;
      this.stepCount++;
      MF_PARAMS.write(this.stepParamsHost, this.params(step), s * this.paramsStride);
    }
    queue.writeBuffer(this.pairRows, 0, plan.pairRows, 0, plan.pairLength);
    queue.writeBuffer(this.ratings, 0, plan.ratings, 0, plan.ratingLength);
    queue.writeBuffer(this.groups, 0, plan.groups, 0, plan.groupLength);
    queue.writeBuffer(this.stepParams, 0, this.stepParamsHost, 0, plan.stepCount * this.paramsStride);
  }

  /** Records planned steps first … first + count − 1 in one submission. */
  private submitSteps(first: number, count: number): void {
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let s = first; s < first + count; s++) {
      const step = this.planner.steps[s]!;
      const offset = [s * this.paramsStride];
      dispatchThreads(pass, this.pipelines.gather, this.gatherBindGroup, step.batchSize, offset);
      dispatchThreads(pass, this.pipelines.update, this.updateBindGroup, step.rowCount * this.threadsPerRow, offset);
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
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
        this.device.queue.writeBuffer(this.predictParams, 0, this.predictParamsFor(size, scale));
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

  /** The uniform of a planned step (the step counter already counts it). */
  private params(step: { batchSize: number; rowCount: number; pairOffset: number; ratingOffset: number; groupOffset: number }) {
    return {
      k: this.initial.factors,
      stride: this.stride,
      batchSize: step.batchSize,
      rowCount: step.rowCount,
      threadsPerRow: this.threadsPerRow,
      pairOffset: step.pairOffset,
      ratingOffset: step.ratingOffset,
      groupOffset: step.groupOffset,
      mu: this.initial.globalMean,
      lambda: this.options.regularization,
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: EPSILON,
      biasCorrection1: 1 - BETA1 ** this.stepCount,
      biasCorrection2: 1 - BETA2 ** this.stepCount,
      useBias: this.options.useBias ? 1 : 0,
      useAdam: this.options.optimizer === 'adam' ? 1 : 0,
      clipMin: -Infinity,
      clipMax: Infinity,
    };
  }

  private predictParamsFor(batchSize: number, scale: RatingScale): ArrayBuffer {
    MF_PARAMS.write(this.paramsHost, {
      ...this.params({ batchSize, rowCount: 0, pairOffset: 0, ratingOffset: 0, groupOffset: 0 }),
      clipMin: scale.min,
      clipMax: scale.max,
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
