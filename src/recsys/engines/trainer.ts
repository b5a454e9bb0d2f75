import type { BatchSource } from '../batch-source';
import type { RatingColumns, RatingScale } from '../dataset';
import { scoreAllMoviesMf, type MatrixFactorizationWeights } from '../models/mf-weights';
import type { MlpRecommender } from '../models/mlp';
import type { ModelKind } from '../training-config';

/** A trained model as the app uses it after training: scores for picks. */
export interface RecommenderModel {
  readonly kind: ModelKind;
  /** Unclipped r̂ of `user` for every movie (dense indices). */
  scoreAllMovies(user: number): Promise<Float32Array>;
  dispose(): void;
}

/** webgpu-fused: the WGSL MF kernels; tfjs-autodiff: tfjs gradients on any backend;
 * webgpu-gibbs / cpu-gibbs: Bayesian MF's row draws on the GPU / on the CPU (no WebGPU). */
export type EngineName = 'webgpu-fused' | 'tfjs-autodiff' | 'webgpu-gibbs' | 'cpu-gibbs';

/** What an epoch's steps are told and tell while they run. */
export interface EpochControl {
  /** Polled between steps (or groups of queued steps); true ends the epoch early. */
  readonly shouldStop: () => boolean;
  /** Steps known to have run, of the epoch's total: for a progress bar. No device read-back
   * is made for it; engines report what they learn anyway (a queue's completion). */
  readonly onProgress?: (stepsDone: number, totalSteps: number) => void;
  /** Lets messages (a Stop, say) in; engines call it every few milliseconds of work. */
  readonly yieldToMessages?: () => Promise<void>;
}

export interface EpochRun {
  readonly steps: number;
  /** shouldStop() said so before the last batch: the partial epoch is in the weights. */
  readonly stopped: boolean;
}

/** How often an engine lets messages in while it records steps. */
export const YIELD_INTERVAL_MS = 16;

/**
 * What the epoch loop needs of a training engine. Steps are queued, never read back; only
 * `predict` (once per split per epoch) and `takeModel` wait for the device.
 */
export interface Trainer {
  /** Which engine runs, for the UI and the bench: e.g. "webgpu-fused", "tfjs-autodiff". */
  readonly engine: EngineName;
  setLearningRate(learningRate: number): void;
  /** One optimisation step on ratings j < size of the arrays. */
  step(users: Int32Array, movies: Int32Array, ratings: Float32Array, size: number): void;
  /** Every batch of the current order of `batches`, in order; resolves once they have run. */
  trainEpoch(batches: BatchSource, control: EpochControl): Promise<EpochRun>;
  /** Resolves once every queued step has run. */
  finished(): Promise<void>;
  /** Clipped predictions for every row of `columns`. */
  predict(columns: RatingColumns, scale: RatingScale): Promise<Float32Array>;
  /** Remembers the current weights (cheaply, on the device) as the best so far. */
  saveBest(): void;
  /** Goes back to the weights of the last saveBest(). */
  restoreBest(): void;
  /** The current MF weights (a device readback), for per-epoch checkpoints; undefined for
   * models that are not MF. */
  readonly readMfWeights?: () => Promise<MatrixFactorizationWeights>;
  /** Hands over the trained model; the trainer's own state is then freed. */
  takeModel(): Promise<RecommenderModel>;
  dispose(): void;
}

export class MfRecommenderModel implements RecommenderModel {
  constructor(
    readonly kind: ModelKind,
    readonly weights: MatrixFactorizationWeights,
  ) {}

  async scoreAllMovies(user: number): Promise<Float32Array> {
    return scoreAllMoviesMf(this.weights, user);
  }

  dispose(): void {
    // Plain arrays: nothing to free.
  }
}

export class MlpRecommenderModel implements RecommenderModel {
  readonly kind = 'mlp' as const;

  constructor(private readonly mlp: MlpRecommender) {}

  async scoreAllMovies(user: number): Promise<Float32Array> {
    const scores = this.mlp.scoreAllMovies(user);
    try {
      return await scores.data<'float32'>();
    } finally {
      scores.dispose();
    }
  }

  dispose(): void {
    this.mlp.dispose();
  }
}

/** trainEpoch for engines that take one batch at a time: fill, step, let messages in after
 * every step (as the loop always did: it also keeps tfjs from queueing many steps ahead, whose
 * pooled GPU buffers then stay), and report the steps recorded now and then (such engines run
 * each step before the next is taken). */
export async function stepThroughEpoch(trainer: Trainer, batches: BatchSource, control: EpochControl): Promise<EpochRun> {
  const total = batches.batchCount;
  let lastReport = performance.now();
  for (let b = 0; b < total; b++) {
    if (control.shouldStop()) return { steps: b, stopped: true };
    trainer.step(batches.users, batches.movies, batches.ratings, batches.fill(b));
    if (b + 1 < total && performance.now() - lastReport >= YIELD_INTERVAL_MS) {
      control.onProgress?.(b + 1, total);
      lastReport = performance.now();
    }
    await control.yieldToMessages?.();
  }
  await trainer.finished();
  control.onProgress?.(total, total);
  return { steps: total, stopped: false };
}
