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

/** webgpu-fused: the WGSL MF kernels; tfjs-autodiff: tfjs gradients on any backend. */
export type EngineName = 'webgpu-fused' | 'tfjs-autodiff';

/**
 * What the epoch loop needs of a training engine. Steps are queued, never read back; only
 * `predict` (once per split per epoch) and `takeModel` wait for the device.
 */
export interface Trainer {
  /** Which engine runs, for the UI and the bench: e.g. "webgpu-fused", "tfjs-autodiff". */
  readonly engine: EngineName;
  setLearningRate(learningRate: number): void;
  step(users: Int32Array, movies: Int32Array, ratings: Float32Array, size: number): void;
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
