/** Training settings: plain data (no tfjs), shared by the UI, the worker and the bench. */
import type { IalsConfig } from './models/ials';

/** biased-mf: μ + b_u + b_i + p_uᵀq_i; mf: p_uᵀq_i alone (the seeds' model); mlp: embeddings
 * of users and movies concatenated and fed through ReLU layers. */
export type ModelKind = 'biased-mf' | 'mf' | 'mlp';
export type OptimizerKind = 'adam' | 'sgd';
/** constant: η throughout; bold-driver: η × 1.05 after an epoch whose training RMSE fell,
 * η × 0.5 after one whose training RMSE rose, clamped to [η/100, 10η]. */
export type ScheduleKind = 'constant' | 'bold-driver';
/** The model that ranks picks, trained after the rating model: iALS on who rated what
 * (models/ials.ts), or none (picks ordered by predicted rating). */
export type RankerKind = 'ials' | 'none';

export interface TrainingConfig {
  readonly model: ModelKind;
  readonly epochs: number;
  /** Length k of each taste vector (for mlp: each embedding). */
  readonly factors: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** L2 weight λ, paid per rating seen. */
  readonly regularization: number;
  readonly optimizer: OptimizerKind;
  readonly schedule: ScheduleKind;
  /** Stop after this many epochs without a better test RMSE and keep the best epoch's weights;
   * 0 turns early stopping off (the last epoch's weights are kept). */
  readonly earlyStoppingPatience: number;
  /** Widths of the mlp's hidden ReLU layers, before its single output. */
  readonly hiddenLayers: readonly number[];
  readonly ranker: RankerKind;
  /** Overrides of the ranking model's defaults (DEFAULT_IALS_CONFIG), e.g. fewer sweeps in tests. */
  readonly rankerSettings?: Partial<IalsConfig>;
  /** Share of ratings held out for the test RMSE (seeded random split). */
  readonly testFraction: number;
  /** Seeds the split, the initial weights and the per-epoch shuffles. */
  readonly seed: number;
}

/** Defaults chosen on the demo data and ml-latest-small (see README, "Training"). */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = {
  model: 'biased-mf',
  epochs: 30,
  factors: 64,
  learningRate: 0.003,
  batchSize: 1024,
  regularization: 0.1,
  optimizer: 'adam',
  schedule: 'constant',
  earlyStoppingPatience: 3,
  hiddenLayers: [50, 30, 20],
  ranker: 'ials',
  testFraction: 0.2,
  seed: 7,
};

export const MODEL_LABELS: Readonly<Record<ModelKind, string>> = {
  'biased-mf': 'Biased MF',
  mf: 'MF',
  mlp: 'Neural (MLP)',
};

/** DEFAULT_IALS_CONFIG.iterations, as plain data for the page (which must not import the model code). */
export const DEFAULT_RANKER_ITERATIONS = 16;

export const RANKER_LABELS: Readonly<Record<RankerKind, string>> = {
  ials: 'iALS',
  none: 'None (order by predicted rating)',
};

/** Allowed range of each numeric setting: the UI's form and the bench's options both check these. */
export const SETTING_RANGES = {
  epochs: { min: 1, max: 500, integer: true },
  factors: { min: 1, max: 256, integer: true },
  learningRate: { min: 0.00001, max: 100, integer: false },
  batchSize: { min: 1, max: 65536, integer: true },
  regularization: { min: 0, max: 10, integer: false },
  earlyStoppingPatience: { min: 0, max: 100, integer: true },
} as const satisfies Record<string, { min: number; max: number; integer: boolean }>;
