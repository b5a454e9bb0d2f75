// Plain data from recsys (no tfjs is pulled into the page bundle by this import).
export { DEFAULT_TRAINING_CONFIG, MODEL_LABELS, SETTING_RANGES } from '../recsys/training-config';
export type { ModelKind, OptimizerKind, ScheduleKind, TrainingConfig } from '../recsys/training-config';
