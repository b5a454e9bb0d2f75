import * as tf from '@tensorflow/tfjs';
import type { BiasedMatrixFactorization, RatingBatchTensors } from './models/biased-mf';

/**
 * One optimisation step on one mini-batch. Kept behind this one function type so the training
 * loop does not care how the step is done (tfjs autodiff here; a fused sparse kernel may replace
 * it without touching the loop, the chart or the tests).
 */
export interface TrainStep {
  run(batch: RatingBatchTensors): void;
  /** Frees optimiser state (Adam's moment estimates). */
  dispose(): void;
}

export interface OptimizerSettings {
  readonly learningRate: number;
  readonly regularization: number;
}

/**
 * Reference step: tfjs autodiff of the model's loss, Adam update. Correct on every backend, but
 * the gradient of tf.gather is a dense UnsortedSegmentSum over the whole table and Adam then
 * updates every row, so its cost grows with the table size, not the batch.
 */
export function createAutodiffAdamStep(model: BiasedMatrixFactorization, settings: OptimizerSettings): TrainStep {
  const optimizer = tf.train.adam(settings.learningRate);
  const variables = model.variables;
  return {
    run(batch) {
      optimizer.minimize(() => model.loss(batch, settings.regularization), false, variables);
    },
    dispose() {
      optimizer.dispose();
    },
  };
}
