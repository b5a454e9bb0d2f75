// Plain data from recsys (no tfjs is pulled into the page bundle by this import).
export {
  DEFAULT_RANKER_ITERATIONS,
  DEFAULT_TRAINING_CONFIG,
  MODEL_LABELS,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_LABELS,
  optimizersFor,
  RANKER_LABELS,
  SETTING_RANGES,
  sizedDefaults,
  trainingRatingCount,
} from '../recsys/training-config';
export type { ModelKind, OptimizerKind, RankerKind, ScheduleKind, TrainingConfig } from '../recsys/training-config';
export { adapterKindOf, chooseEngines } from '../recsys/engines/engine-choice';
