/** Training settings: plain data (no tfjs), shared by the UI, the worker and the bench. */
import type { EnginePreference } from './engines/engine-choice';
import { DEFAULT_RANKER_ITERATIONS } from './models/ials-config';
import type { IalsConfig } from './models/ials-config';

/** What predicts a rating. biased-mf: μ + b_u + b_i + p_uᵀq_i; mf: p_uᵀq_i alone (the seeds'
 * model); mlp: embeddings of users and movies concatenated and fed through ReLU layers. */
export type ModelKind = 'biased-mf' | 'mf' | 'mlp';
/** How the model is fitted. gibbs: Bayesian MF, the posterior mean of biased MF by Gibbs
 * sampling (models/bayesian-mf.ts; biased MF only); adam, sgd: the training loss minimised on
 * mini-batches. */
export type OptimizerKind = 'gibbs' | 'adam' | 'sgd';
/** The optimizers that follow a gradient (every model can use them). */
export type GradientOptimizerKind = Exclude<OptimizerKind, 'gibbs'>;
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
  /** Stop after this many epochs without a better validation RMSE and keep the best epoch's
   * weights; 0 (or no validation carve) turns early stopping off: the last epoch's are kept. */
  readonly earlyStoppingPatience: number;
  /** Share of the training ratings carved off (seeded) for validation: early stopping looks at
   * it, nothing looks at the test split. 0: no carve, no early stopping. */
  readonly validationFraction: number;
  /** After validation chose the epoch count, train again on all training ratings for that many
   * epochs and report that model (needs a validation carve). */
  readonly refit: boolean;
  /** Widths of the mlp's hidden ReLU layers, before its single output. */
  readonly hiddenLayers: readonly number[];
  readonly ranker: RankerKind;
  /** Overrides of the ranking model's defaults (DEFAULT_IALS_CONFIG), e.g. fewer sweeps in tests. */
  readonly rankerSettings?: Partial<IalsConfig>;
  /** Share of ratings held out for the test RMSE (seeded random split). */
  readonly testFraction: number;
  /** Seeds the split, the initial weights and the per-epoch shuffles. */
  readonly seed: number;
  /** Where iALS and Gibbs run: 'auto' (default) takes the engine measured fastest on this adapter
   * (engines/engine-choice.ts); 'webgpu' or 'cpu' insists. */
  readonly engine?: EnginePreference;
  /** The bench's: also score the model the first picks came from on the test split (one more
   * ranking evaluation at the end), for timeToPicks. */
  readonly measureFirstPicks?: boolean;
}

/** Defaults chosen on the demo data and ml-latest-small (see docs/models.md, "Models and training"). */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = {
  model: 'biased-mf',
  epochs: 100,
  factors: 32,
  learningRate: 0.003,
  batchSize: 1024,
  regularization: 0.1,
  optimizer: 'gibbs',
  schedule: 'constant',
  earlyStoppingPatience: 3,
  validationFraction: 0,
  refit: true,
  hiddenLayers: [50, 30, 20],
  ranker: 'ials',
  testFraction: 0.2,
  seed: 7,
};

/** Epochs, factors and validation share by how the model is fitted (DEFAULT_TRAINING_CONFIG holds
 * Gibbs's). Epochs are a cap: early stopping on validation ends sooner. Adam and SGD keep the
 * k = 64 / 30 epochs they were tuned with (docs/benchmarks.md, "Latest figures"), and a 10 % validation carve that
 * chooses their epoch (they overfit: validation turns up after 10-25 epochs). For Gibbs sampling a
 * float64 prototype of the sampler on ml-latest-small gained nothing from k = 64 over 32, and each
 * sweep is one more posterior sample, so it gets more sweeps than SGD gets epochs. It gets no
 * carve: the posterior mean does not overfit, its validation curve fell through all 100 sweeps on
 * ml-latest-small, so validation always chose 100 and the refit on every training rating was the
 * very run made without a carve (test RMSE 0.8343 both ways, bench split, seed 7), at twice the
 * time (bench/sweep-study.ts, docs/models.md, "Every sweep earns its time"). */
export const OPTIMIZER_DEFAULTS: Readonly<Record<OptimizerKind, Pick<TrainingConfig, 'epochs' | 'factors' | 'validationFraction'>>> = {
  gibbs: { epochs: 100, factors: 32, validationFraction: 0 },
  adam: { epochs: 30, factors: 64, validationFraction: 0.1 },
  sgd: { epochs: 30, factors: 64, validationFraction: 0.1 },
};

/** Gibbs sampling fits biased MF only (its row draws are the conditionals of that model). */
export function optimizersFor(model: ModelKind): readonly OptimizerKind[] {
  return model === 'biased-mf' ? ['gibbs', 'adam', 'sgd'] : ['adam', 'sgd'];
}

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerKind, string>> = {
  gibbs: 'Gibbs sampling (Bayesian MF)',
  adam: 'Adam',
  sgd: 'SGD',
};

export const MODEL_LABELS: Readonly<Record<ModelKind, string>> = {
  'biased-mf': 'Biased MF',
  mf: 'MF',
  mlp: 'Neural (MLP)',
};

export { DEFAULT_RANKER_ITERATIONS };

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
  validationFraction: { min: 0, max: 0.5, integer: false },
} as const satisfies Record<string, { min: number; max: number; integer: boolean }>;

/** Ratings a training on `summary` will train on: a given split's training side, else what
 * randomSplit leaves after holding out round(n × testFraction). */
export function trainingRatingCount(
  summary: { readonly ratingCount: number; readonly givenTestCount?: number },
  testFraction: number,
): number {
  return summary.ratingCount - (summary.givenTestCount ?? Math.round(summary.ratingCount * testFraction));
}

/** Larger default batches leave at least this many steps per epoch. */
const STEPS_PER_EPOCH_AT_LEAST = 2000;
const LARGEST_DEFAULT_BATCH = 16384;

/**
 * The batch size and learning rate a training set of `trainCount` ratings starts with, on a GPU
 * (`softwareGpu`: SwiftShader or no WebGPU at all keeps the defaults).
 *
 * Measured (docs/benchmarks.md, "Latest figures", Batch size for large sets): on ml-latest-small, batches of 4,096–16,384 ended 0.003–0.009
 * worse in best test RMSE than 1,024 at any rate tried; on the 25M synthetic set, on SwiftShader,
 * 8,192 (rate 0.0085) made epoch 1 only 1.18× faster (351 s vs 413 s) and 0.011 worse (test RMSE
 * 0.7582 vs 0.7469). So where the kernels run on the CPU nothing changes. On a hardware GPU a
 * 1,024-rating step is two tiny dispatches whose launch latency, not their work, sets the pace:
 * 19,532 of them per ml-25m epoch cost ~0.2–0.4 s before any work (10 µs each). There a large set
 * starts with the largest power of two that still leaves ~2,000 steps per epoch (8,192 for
 * ml-25m's 20M training ratings) and Adam's rate × √(batch / 1,024), the usual rule for adaptive
 * optimisers. Not measured on a GPU here (none was lent); the form shows both, to be changed.
 */
export function sizedDefaults(
  trainCount: number,
  device: { readonly hardwareGpu: boolean },
  base: TrainingConfig = DEFAULT_TRAINING_CONFIG,
): TrainingConfig {
  if (!device.hardwareGpu) return base;
  let batchSize = base.batchSize;
  while (batchSize * 2 <= LARGEST_DEFAULT_BATCH && trainCount / (batchSize * 2) >= STEPS_PER_EPOCH_AT_LEAST) batchSize *= 2;
  if (batchSize === base.batchSize) return base;
  const learningRate = Number((base.learningRate * Math.sqrt(batchSize / base.batchSize)).toPrecision(2));
  return { ...base, batchSize, learningRate };
}
