/** The training form's values as typed and the config they describe: plain logic, apart from
 * the view (training-form.tsx), so it is unit-tested in Node. */
import {
  DEFAULT_RANKER_ITERATIONS,
  OPTIMIZER_DEFAULTS,
  optimizersFor,
  SETTING_RANGES,
  type ModelKind,
  type OptimizerKind,
  type RankerKind,
  type ScheduleKind,
  type TrainingConfig,
} from '../../lib/training-defaults';

type NumberKey = keyof typeof SETTING_RANGES;

const DEFAULT_IALS_ITERATIONS = DEFAULT_RANKER_ITERATIONS;

interface NumberField {
  readonly key: NumberKey;
  readonly label: string;
  readonly step: number | 'any';
  readonly help: string;
}

export const TRAINING_FIELDS: readonly NumberField[] = [
  { key: 'epochs', label: 'Epochs', step: 1, help: 'passes over the training ratings' },
  { key: 'factors', label: 'Factors', step: 1, help: 'length k of each taste vector (MLP: embedding size)' },
  { key: 'learningRate', label: 'Learning rate', step: 'any', help: 'step size η' },
  { key: 'batchSize', label: 'Batch size', step: 1, help: 'ratings per step' },
  { key: 'regularization', label: 'Regularization', step: 'any', help: 'L2 weight λ per rating' },
  {
    key: 'earlyStoppingPatience',
    label: 'Early stopping',
    step: 1,
    help: 'stop after this many epochs without a better validation RMSE and keep the best epoch (0: off)',
  },
  {
    key: 'validationFraction',
    label: 'Validation share',
    step: 0.05,
    help: 'share of the training ratings held out to choose the epoch (0: no early stopping); the test split is never used to choose',
  },
];

/** The form as typed: text for numbers (so "0." survives editing), choices as they are. */
export interface TrainingFormValues {
  readonly numbers: Readonly<Record<NumberKey, string>>;
  readonly model: ModelKind;
  readonly optimizer: OptimizerKind;
  readonly schedule: ScheduleKind;
  readonly hiddenLayers: string;
  readonly ranker: RankerKind;
  /** The ranking model's sweeps at most (its validation curve has one point per sweep). */
  readonly rankerIterations: string;
}

export function formValuesFrom(config: TrainingConfig): TrainingFormValues {
  return {
    numbers: {
      epochs: String(config.epochs),
      factors: String(config.factors),
      learningRate: String(config.learningRate),
      batchSize: String(config.batchSize),
      regularization: String(config.regularization),
      earlyStoppingPatience: String(config.earlyStoppingPatience),
      validationFraction: String(config.validationFraction),
    },
    model: config.model,
    optimizer: config.optimizer,
    schedule: config.schedule,
    hiddenLayers: config.hiddenLayers.join(', '),
    ranker: config.ranker,
    rankerIterations: String(config.rankerSettings?.iterations ?? DEFAULT_IALS_ITERATIONS),
  };
}

/**
 * The form with another model or optimizer chosen. An optimizer the model cannot use (Gibbs
 * sampling for MF or the MLP) becomes Adam. Epochs and factors the person has left at the old
 * optimizer's defaults follow the new one's (Gibbs sampling: 100 sweeps at k = 32, no validation
 * carve; Adam and SGD: 30 epochs at k = 64, a 10 % carve); values they typed stay.
 */
export function withChoice(values: TrainingFormValues, choice: { model?: ModelKind; optimizer?: OptimizerKind }): TrainingFormValues {
  const model = choice.model ?? values.model;
  const wanted = choice.optimizer ?? values.optimizer;
  const optimizer = optimizersFor(model).includes(wanted) ? wanted : 'adam';
  const numbers = { ...values.numbers };
  for (const key of ['epochs', 'factors', 'validationFraction'] as const) {
    if (numbers[key] === String(OPTIMIZER_DEFAULTS[values.optimizer][key])) numbers[key] = String(OPTIMIZER_DEFAULTS[optimizer][key]);
  }
  return { ...values, model, optimizer, numbers };
}

/** The config the form describes, or what is wrong with the first bad field. */
export function parseTrainingForm(
  values: TrainingFormValues,
  base: TrainingConfig,
): { ok: true; config: TrainingConfig } | { ok: false; message: string } {
  const parsed: Partial<Record<NumberKey, number>> = {};
  for (const field of TRAINING_FIELDS) {
    const text = values.numbers[field.key];
    const value = Number(text);
    const { min, max, integer } = SETTING_RANGES[field.key];
    const valid = text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    if (!valid) {
      return { ok: false, message: `${field.label} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.` };
    }
    parsed[field.key] = value;
  }
  const hiddenLayers = values.hiddenLayers
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map(Number);
  if (values.model === 'mlp' && (hiddenLayers.length === 0 || !hiddenLayers.every((w) => Number.isInteger(w) && w >= 1 && w <= 1024))) {
    return { ok: false, message: 'Hidden layers must be widths from 1 to 1024 separated by commas, such as 50, 30, 20.' };
  }
  const rankerIterations = Number(values.rankerIterations);
  if (values.ranker === 'ials' && !(Number.isInteger(rankerIterations) && rankerIterations >= 1 && rankerIterations <= 100)) {
    return { ok: false, message: 'iALS sweeps must be a whole number from 1 to 100.' };
  }
  return {
    ok: true,
    config: {
      ...base,
      ...parsed,
      rankerSettings: { ...base.rankerSettings, iterations: values.ranker === 'ials' ? rankerIterations : DEFAULT_IALS_ITERATIONS },
      model: values.model,
      optimizer: values.optimizer,
      schedule: values.schedule,
      hiddenLayers: values.model === 'mlp' ? hiddenLayers : base.hiddenLayers,
      ranker: values.ranker,
    },
  };
}
