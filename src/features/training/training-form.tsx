import type { TrainingConfig } from '../../worker/api';

interface NumberField {
  readonly key: 'epochs' | 'factors' | 'learningRate' | 'batchSize' | 'regularization';
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number | 'any';
  readonly integer: boolean;
  readonly help: string;
}

export const TRAINING_FIELDS: readonly NumberField[] = [
  { key: 'epochs', label: 'Epochs', min: 1, max: 500, step: 1, integer: true, help: 'passes over the training ratings' },
  { key: 'factors', label: 'Factors', min: 1, max: 256, step: 1, integer: true, help: 'length k of each taste vector' },
  { key: 'learningRate', label: 'Learning rate', min: 0.00001, max: 1, step: 'any', integer: false, help: 'Adam step size' },
  { key: 'batchSize', label: 'Batch size', min: 1, max: 65536, step: 1, integer: true, help: 'ratings per step' },
  { key: 'regularization', label: 'Regularization', min: 0, max: 10, step: 'any', integer: false, help: 'L2 weight λ per rating' },
];

/** Text as typed, so a half-typed number ("0.") does not jump around while editing. */
export type TrainingFormValues = Record<NumberField['key'], string>;

export function formValuesFrom(config: TrainingConfig): TrainingFormValues {
  return {
    epochs: String(config.epochs),
    factors: String(config.factors),
    learningRate: String(config.learningRate),
    batchSize: String(config.batchSize),
    regularization: String(config.regularization),
  };
}

/** The config the form describes, or the first field that is out of range. */
export function parseTrainingForm(
  values: TrainingFormValues,
  base: TrainingConfig,
): { ok: true; config: TrainingConfig } | { ok: false; message: string } {
  const parsed: Partial<Record<NumberField['key'], number>> = {};
  for (const field of TRAINING_FIELDS) {
    const value = Number(values[field.key]);
    const valid =
      values[field.key].trim() !== '' &&
      Number.isFinite(value) &&
      value >= field.min &&
      value <= field.max &&
      (!field.integer || Number.isInteger(value));
    if (!valid) {
      return {
        ok: false,
        message: `${field.label} must be ${field.integer ? 'a whole number' : 'a number'} from ${field.min} to ${field.max}.`,
      };
    }
    parsed[field.key] = value;
  }
  return { ok: true, config: { ...base, ...parsed } };
}

interface TrainingFormProps {
  readonly values: TrainingFormValues;
  readonly disabled: boolean;
  readonly onChange: (values: TrainingFormValues) => void;
}

export function TrainingForm({ values, disabled, onChange }: TrainingFormProps) {
  return (
    <fieldset className="training-form" disabled={disabled}>
      <legend className="visually-hidden">Training settings</legend>
      <label>
        <span>Model</span>
        <select name="model" defaultValue="biased-mf">
          <option value="biased-mf">Biased MF</option>
        </select>
      </label>
      {TRAINING_FIELDS.map((field) => (
        <label key={field.key} title={field.help}>
          <span>{field.label}</span>
          <input
            type="number"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            min={field.min}
            max={field.max}
            step={field.step}
            value={values[field.key]}
            onChange={(event) => onChange({ ...values, [field.key]: event.currentTarget.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
