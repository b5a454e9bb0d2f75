import type { BatchSource } from '../batch-source';
import type { RatingColumns, RatingScale } from '../dataset';
import type { MatrixFactorizationWeights } from '../models/mf-weights';
import type { GradientOptimizerKind } from '../training-config';
import { MfRecommenderModel, YIELD_INTERVAL_MS, type EpochControl, type EpochRun, type RecommenderModel, type Trainer } from './trainer';
import { checkFits, GpuBuffers } from './gpu-buffers';
import { dispatchThreads, MF_PARAMS, mfPipelines, PARAMS_BYTES, type MfPipelines } from './webgpu-mf-kernels';
import { StepPlanner } from './webgpu-mf-plan';
import { predictOnGpu } from './webgpu-mf-predict';
import { columnsPerUpdateThread } from './webgpu-mf-threads';
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

/** Adam's constants, as tfjs uses them (tf.train.adam defaults, float32 epsilon). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Ratings planned and uploaded at once: large writes, yet a Stop waits for at most about two
 * pieces of queued work (64 steps of 1,024). */
const PLAN_RATINGS = 1 << 16;
/** Steps per queue submission: each submission's completion is what progress counts. */
const STEPS_PER_SUBMIT = 16;

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
  private readonly buffers: GpuBuffers;
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
    checkFits(device, tableBytes, 'the model');
    this.buffers = new GpuBuffers(device);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const B = options.maxBatchSize;
    const planSteps = Math.max(1, Math.floor((options.planRatings ?? PLAN_RATINGS) / B));
    const adam = options.optimizer === 'adam';
    this.planner = new StepPlanner(userCount, movieCount, B, planSteps);
    this.paramsStride = Math.max(PARAMS_BYTES, device.limits.minUniformBufferOffsetAlignment);
    this.stepParamsHost = new ArrayBuffer(this.paramsStride * planSteps);
    this.table = this.buffers.create(tableBytes, storage | GPUBufferUsage.COPY_SRC, 'mf table');
    // The moments start at zero (WebGPU zero-fills new buffers); without Adam they are never
    // read: one vec4 each, the smallest binding.
    this.firstMoment = this.buffers.create(adam ? tableBytes : 16, storage, 'mf adam m');
    this.secondMoment = this.buffers.create(adam ? tableBytes : 16, storage, 'mf adam v');
    this.pairRows = this.buffers.create(this.planner.pairRows.byteLength, storage, 'mf pair rows');
    this.ratings = this.buffers.create(this.planner.ratings.byteLength, storage, 'mf ratings');
    this.groups = this.buffers.create(this.planner.groups.byteLength, storage, 'mf groups');
    this.snapshot = this.buffers.create(2 * B * this.stride * 4, GPUBufferUsage.STORAGE, 'mf snapshot');
    this.stepParams = this.buffers.create(
      this.stepParamsHost.byteLength,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      'mf step params',
    );
    this.predictParams = this.buffers.create(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'mf predict params');
    this.buffers.write(this.table, packTable(initial));

    this.pipelines = mfPipelines(device);
    // The uniform is bound one step's worth at a time, at a dynamic offset.
    this.gatherBindGroup = this.buffers.bindGroup(
      this.pipelines.gatherLayout,
      [this.stepParams, this.table, this.pairRows, this.ratings, this.snapshot],
      PARAMS_BYTES,
    );
    this.updateBindGroup = this.buffers.bindGroup(
      this.pipelines.updateLayout,
      [this.stepParams, this.table, this.firstMoment, this.secondMoment, this.groups, this.snapshot],
      PARAMS_BYTES,
    );
  }

  /** GPU buffers this trainer holds right now, and their bytes (0 after dispose). */
  get liveBufferCount(): number {
    return this.buffers.count;
  }
  get liveBufferBytes(): number {
    return this.buffers.bytes;
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
    for (let s = 0; s < plan.stepCount; s++) {
      const step = plan.steps[s]!;
      this.stepCount++;
      MF_PARAMS.write(this.stepParamsHost, this.params(step), s * this.paramsStride);
    }
    this.buffers.write(this.pairRows, plan.pairRows.subarray(0, plan.pairLength));
    this.buffers.write(this.ratings, plan.ratings.subarray(0, plan.ratingLength));
    this.buffers.write(this.groups, plan.groups.subarray(0, plan.groupLength));
    this.buffers.write(this.stepParams, this.stepParamsHost, 0, plan.stepCount * this.paramsStride);
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

  /** Clipped predictions for every row of `columns` (webgpu-mf-predict.ts). */
  predict(columns: RatingColumns, scale: RatingScale): Promise<Float32Array> {
    return predictOnGpu(
      { device: this.device, buffers: this.buffers, pipelines: this.pipelines, table: this.table, params: this.predictParams },
      columns,
      this.initial.userCount,
      (size) => this.predictParamsFor(size, scale),
    );
  }

  /** Keeps a copy of the current weights on the GPU (no readback), for early stopping. */
  saveBest(): void {
    this.bestTable ??= this.buffers.create(this.table.size, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, 'mf best table');
    this.buffers.copy(this.table, this.bestTable);
  }

  /** Puts back the weights of the last saveBest(). */
  restoreBest(): void {
    if (this.bestTable) this.buffers.copy(this.bestTable, this.table);
  }

  async readWeights(): Promise<MatrixFactorizationWeights> {
    return unpackTable(await this.buffers.readFloat32(this.table), this.initial);
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
    this.buffers.destroyAll();
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
}
