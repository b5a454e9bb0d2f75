import type { EngineName, RecommenderModel } from './engines/trainer';

/**
 * What a rating model's training reports: each epoch's figures as it ends (EpochMetrics), and at
 * the end the model, the epoch kept and the figures to report, with the refit's when there was
 * one. trainModel (train.ts) produces them; the worker passes them to the page.
 */

export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  /** On the ratings trained on (the training split less the validation carve). */
  readonly trainRmse: number;
  /** On the validation carve; NaN when there is none (validationFraction 0). */
  readonly validationRmse: number;
  /** On the test split: shown, never used to choose anything. */
  readonly testRmse: number;
  /** Wall time of the whole epoch: steps and evaluation. */
  readonly durationMs: number;
  /** Wall time of the epoch's optimisation steps alone (to the GPU's completion). */
  readonly trainMs: number;
  readonly steps: number;
  /** The learning rate used in this epoch (the bold driver changes it between epochs). */
  readonly learningRate: number;
}

export interface TrainingOutcome {
  readonly model: RecommenderModel;
  readonly engine: EngineName;
  readonly history: readonly EpochMetrics[];
  readonly stopped: boolean;
  /** The epoch whose weights `model` holds: the one validation chose when early stopping is on
   * (with refit: the epoch count the refit ran). */
  readonly keptEpoch: number;
  /** The epoch with the lowest validation RMSE (0 before any). */
  readonly bestEpoch: number;
  /** Test RMSE of the model handed over (the refit one when there was a refit): the figure to
   * report. Never used to choose anything. */
  readonly reportedTestRmse: number;
  /** Validation RMSE of the chosen epoch (NaN without a carve). */
  readonly validationRmse: number;
  /** Set when the model was retrained on all training ratings for the chosen epoch count. */
  readonly refit?: RefitOutcome;
}

export interface RefitOutcome {
  readonly epochs: number;
  /** Optimisation steps the refit ran (its epochs are not in `history`). */
  readonly steps: number;
  readonly trainRmse: number;
  readonly testRmse: number;
  readonly durationMs: number;
}
