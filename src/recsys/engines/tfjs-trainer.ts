import * as tf from '@tensorflow/tfjs';
import type { RatingColumns, RatingScale } from '../dataset';
import { MatrixFactorization, type MatrixFactorizationWeights, type TrainableModel } from '../models/matrix-factorization';
import { MlpRecommender } from '../models/mlp';
import type { GradientOptimizerKind } from '../training-config';
import type { BatchSource } from '../batch-source';
import {
  MfRecommenderModel,
  MlpRecommenderModel,
  stepThroughEpoch,
  type EpochControl,
  type EpochRun,
  type RecommenderModel,
  type Trainer,
} from './trainer';

/** tfjs's Adam keeps its learning rate protected; the bold driver needs to change it between
 * epochs without losing the moment estimates. */
class AdjustableAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/** Rows evaluated per device call when predicting a whole split. */
const PREDICT_CHUNK = 65536;

/**
 * The reference engine: tfjs autodiff of the model's loss and a tfjs optimizer, on whatever
 * backend tfjs runs (WebGPU, WebGL, CPU). Dense updates: Adam moves every row each step. It
 * trains every model; for MF on WebGPU the fused engine is used instead.
 */
export class TfjsTrainer implements Trainer {
  readonly engine = 'tfjs-autodiff';
  private readonly optimizer: AdjustableAdam | tf.SGDOptimizer;
  private best: tf.Tensor[] | undefined;
  private trainingStateFreed = false;
  private modelTaken = false;
  private readonly users: Int32Array;
  private readonly movies: Int32Array;
  private readonly ratings: Float32Array;
  readonly readMfWeights?: () => Promise<MatrixFactorizationWeights>;

  constructor(
    private readonly model: MatrixFactorization | MlpRecommender,
    optimizer: GradientOptimizerKind,
    learningRate: number,
    private readonly regularization: number,
    maxBatchSize: number,
  ) {
    this.optimizer = optimizer === 'adam' ? new AdjustableAdam(learningRate, 0.9, 0.999) : tf.train.sgd(learningRate);
    this.users = new Int32Array(maxBatchSize);
    this.movies = new Int32Array(maxBatchSize);
    this.ratings = new Float32Array(maxBatchSize);
    if (model instanceof MatrixFactorization) this.readMfWeights = () => model.readWeights();
  }

  setLearningRate(learningRate: number): void {
    this.optimizer.setLearningRate(learningRate);
  }

  trainEpoch(batches: BatchSource, control: EpochControl): Promise<EpochRun> {
    return stepThroughEpoch(this, batches, control);
  }

  step(users: Int32Array, movies: Int32Array, ratings: Float32Array, size: number): void {
    // Copies, because tfjs may keep a reference to the arrays it is given until first use.
    this.users.set(users.subarray(0, size));
    this.movies.set(movies.subarray(0, size));
    this.ratings.set(ratings.subarray(0, size));
    const batch = {
      users: tf.tensor1d(this.users.subarray(0, size), 'int32'),
      movies: tf.tensor1d(this.movies.subarray(0, size), 'int32'),
      ratings: tf.tensor1d(this.ratings.subarray(0, size), 'float32'),
    };
    const model: TrainableModel = this.model;
    this.optimizer.minimize(() => model.loss(batch, this.regularization), false, model.trainableVariables);
    tf.dispose([batch.users, batch.movies, batch.ratings]);
  }

  async finished(): Promise<void> {
    // A one-number readback waits for every queued kernel, on every backend. Every model has
    // variables (its embeddings first), so the first one is always there.
    const probe = tf.tidy(() => tf.sum(this.model.variables[0]!));
    await probe.data();
    probe.dispose();
  }

  async predict(columns: RatingColumns, scale: RatingScale): Promise<Float32Array> {
    const out = new Float32Array(columns.rating.length);
    for (let start = 0; start < out.length; start += PREDICT_CHUNK) {
      const end = Math.min(out.length, start + PREDICT_CHUNK);
      const predicted = tf.tidy(() => {
        const users = tf.tensor1d(columns.user.slice(start, end), 'int32');
        const movies = tf.tensor1d(columns.movie.slice(start, end), 'int32');
        return tf.clipByValue(this.model.predict(users, movies), scale.min, scale.max);
      });
      out.set(await predicted.data<'float32'>(), start);
      predicted.dispose();
    }
    return out;
  }

  saveBest(): void {
    const copies = this.model.variables.map((v) => tf.clone(v));
    if (this.best) tf.dispose(this.best);
    this.best = copies;
  }

  restoreBest(): void {
    if (!this.best) return;
    this.model.variables.forEach((variable, i) => variable.assign(this.best?.[i] ?? variable));
  }

  async takeModel(): Promise<RecommenderModel> {
    this.disposeTrainingState();
    this.modelTaken = true;
    if (this.model instanceof MlpRecommender) return new MlpRecommenderModel(this.model);
    const weights = await this.model.readWeights();
    this.model.dispose();
    return new MfRecommenderModel(this.model.useBias ? 'biased-mf' : 'mf', weights);
  }

  dispose(): void {
    this.disposeTrainingState();
    if (!this.modelTaken) this.model.dispose();
  }

  private disposeTrainingState(): void {
    if (this.trainingStateFreed) return;
    this.trainingStateFreed = true;
    this.optimizer.dispose();
    if (this.best) tf.dispose(this.best);
    this.best = undefined;
  }
}
