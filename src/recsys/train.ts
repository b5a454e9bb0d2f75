import * as tf from '@tensorflow/tfjs';
import { meanRating, type RatingColumns, type RatingScale } from './dataset';
import { rmse } from './metrics';
import { BiasedMatrixFactorization, type RatingBatchTensors } from './models/biased-mf';
import { mulberry32, shuffleInPlace } from './random';
import type { TrainTestSplit } from './split';
import type { TrainingConfig } from './training-config';

export type { TrainingConfig } from './training-config';
import { createAutodiffAdamStep, type TrainStep } from './train-step';

export const INIT_STD = 0.1;

export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  readonly trainRmse: number;
  readonly testRmse: number;
  /** Wall time of the whole epoch: steps and evaluation. */
  readonly durationMs: number;
  /** Wall time of the epoch's optimisation steps alone (to the GPU's completion). */
  readonly trainMs: number;
  readonly steps: number;
  /** The learning rate used in this epoch (the bold driver changes it between epochs). */
  readonly learningRate: number;
}

export interface TrainingHooks {
  /** Called after every finished epoch, in order. */
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  /** Polled between steps; true ends training after the current step, keeping the weights. */
  readonly shouldStop?: () => boolean;
  /** Lets messages (e.g. a Stop) in between steps; the worker passes a macrotask yield. */
  readonly yieldBetweenSteps?: () => Promise<void>;
}

export interface TrainingOutcome {
  readonly model: BiasedMatrixFactorization;
  readonly history: readonly EpochMetrics[];
  readonly stopped: boolean;
}

/** Rows evaluated per device call when predicting a whole split. */
const PREDICT_CHUNK = 65536;

/** Clipped predictions for every row of `columns`, read back in one transfer per chunk. */
export async function predictColumns(
  model: BiasedMatrixFactorization,
  columns: RatingColumns,
  scale: RatingScale,
): Promise<Float32Array> {
  const out = new Float32Array(columns.rating.length);
  for (let start = 0; start < out.length; start += PREDICT_CHUNK) {
    const end = Math.min(out.length, start + PREDICT_CHUNK);
    const predicted = tf.tidy(() => {
      const users = tf.tensor1d(columns.user.subarray(start, end), 'int32');
      const movies = tf.tensor1d(columns.movie.subarray(start, end), 'int32');
      return tf.clipByValue(model.predict(users, movies), scale.min, scale.max);
    });
    out.set(await predicted.data<'float32'>(), start);
    predicted.dispose();
  }
  return out;
}

/** Rows of `train` in mini-batches, reshuffled each epoch from the seed. */
class BatchSource {
  private readonly order: Int32Array;
  private readonly users: Int32Array;
  private readonly movies: Int32Array;
  private readonly ratings: Float32Array;
  private readonly random: () => number;

  constructor(
    private readonly train: RatingColumns,
    readonly batchSize: number,
    seed: number,
  ) {
    this.order = Int32Array.from({ length: train.rating.length }, (_, i) => i);
    this.users = new Int32Array(batchSize);
    this.movies = new Int32Array(batchSize);
    this.ratings = new Float32Array(batchSize);
    this.random = mulberry32(seed);
  }

  get batchCount(): number {
    return Math.ceil(this.order.length / this.batchSize);
  }

  shuffle(): void {
    shuffleInPlace(this.order, this.random);
  }

  /**
   * Batch `b` of the current order as tensors (the caller disposes them). tfjs may keep a
   * reference to these reused buffers until the tensors are first used; the step consumes them
   * synchronously and they are disposed before the next batch is filled, so reuse is safe.
   */
  batch(b: number): RatingBatchTensors {
    const start = b * this.batchSize;
    const size = Math.min(this.batchSize, this.order.length - start);
    for (let j = 0; j < size; j++) {
      const row = this.order[start + j];
      this.users[j] = this.train.user[row];
      this.movies[j] = this.train.movie[row];
      this.ratings[j] = this.train.rating[row];
    }
    return {
      users: tf.tensor1d(this.users.subarray(0, size), 'int32'),
      movies: tf.tensor1d(this.movies.subarray(0, size), 'int32'),
      ratings: tf.tensor1d(this.ratings.subarray(0, size), 'float32'),
    };
  }
}

export interface ModelSize {
  readonly userCount: number;
  readonly movieCount: number;
}

export type TrainStepFactory = (
  model: BiasedMatrixFactorization,
  config: TrainingConfig,
) => TrainStep;

const defaultStepFactory: TrainStepFactory = (model, config) =>
  createAutodiffAdamStep(model, { learningRate: config.learningRate, regularization: config.regularization });

/**
 * Trains biased MF one epoch at a time: shuffle, one step per mini-batch, then train and test
 * RMSE on the whole splits (one readback each per epoch, never per step), reported through
 * `onEpoch`. The same loop drives the UI chart, the tests and the bench.
 */
export async function trainBiasedMf(
  split: TrainTestSplit,
  size: ModelSize,
  scale: RatingScale,
  config: TrainingConfig,
  hooks: TrainingHooks = {},
  createStep: TrainStepFactory = defaultStepFactory,
): Promise<TrainingOutcome> {
  const model = BiasedMatrixFactorization.initialize(
    { userCount: size.userCount, movieCount: size.movieCount, factors: config.factors },
    meanRating(split.train),
    INIT_STD,
    config.seed,
  );
  const step = createStep(model, config);
  const batches = new BatchSource(split.train, config.batchSize, config.seed);
  const history: EpochMetrics[] = [];
  let stopped = false;
  try {
    for (let epoch = 1; epoch <= config.epochs && !stopped; epoch++) {
      const started = performance.now();
      batches.shuffle();
      for (let b = 0; b < batches.batchCount; b++) {
        if (hooks.shouldStop?.()) {
          stopped = true;
          break;
        }
        const batch = batches.batch(b);
        step.run(batch);
        tf.dispose([batch.users, batch.movies, batch.ratings]);
        await hooks.yieldBetweenSteps?.();
      }
      if (stopped) break;
      const trainRmse = rmse(await predictColumns(model, split.train, scale), split.train.rating);
      const testRmse = rmse(await predictColumns(model, split.test, scale), split.test.rating);
      const metrics: EpochMetrics = { epoch, trainRmse, testRmse, durationMs: performance.now() - started };
      history.push(metrics);
      hooks.onEpoch?.(metrics);
      if (hooks.shouldStop?.()) stopped = true;
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    step.dispose();
  }
  return { model, history, stopped };
}
