/** Training settings: plain data (no tfjs), shared by the UI, the worker and the bench. */
export interface TrainingConfig {
  readonly epochs: number;
  readonly factors: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly regularization: number;
  /** Seeds the initial weights and the per-epoch shuffles. */
  readonly seed: number;
}

/** Defaults chosen on the demo data and ml-latest-small (see README, "Training"). */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = {
  epochs: 20,
  factors: 32,
  learningRate: 0.01,
  batchSize: 1024,
  regularization: 0.15,
  seed: 7,
};

