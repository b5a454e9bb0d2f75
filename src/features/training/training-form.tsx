import {
  MODEL_LABELS,
  OPTIMIZER_LABELS,
  optimizersFor,
  RANKER_LABELS,
  SETTING_RANGES,
  type ModelKind,
  type OptimizerKind,
  type RankerKind,
  type ScheduleKind,
} from '../../lib/training-defaults';
import { TRAINING_FIELDS, withChoice, type TrainingFormValues } from './training-form-values';

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
        <select value={values.model} onChange={(event) => onChange(withChoice(values, { model: event.currentTarget.value as ModelKind }))}>
          {(Object.keys(MODEL_LABELS) as ModelKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {MODEL_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label title="the model that orders Top picks and For you, trained after the rating model on who rated what">
        <span>Ranker</span>
        <select value={values.ranker} onChange={(event) => onChange({ ...values, ranker: event.currentTarget.value as RankerKind })}>
          {(Object.keys(RANKER_LABELS) as RankerKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {RANKER_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label title="how the model is fitted: Gibbs sampling averages biased MF over its posterior (no learning rate, batch size or λ); Adam and SGD minimise the loss">
        <span>Optimizer</span>
        <select
          value={values.optimizer}
          onChange={(event) => onChange(withChoice(values, { optimizer: event.currentTarget.value as OptimizerKind }))}
        >
          {optimizersFor(values.model).map((kind) => (
            <option key={kind} value={kind}>
              {OPTIMIZER_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Schedule</span>
        <select value={values.schedule} onChange={(event) => onChange({ ...values, schedule: event.currentTarget.value as ScheduleKind })}>
          <option value="constant">Constant</option>
          <option value="bold-driver">Bold driver</option>
        </select>
      </label>
      {TRAINING_FIELDS.map((field) => (
        <label key={field.key} title={field.help}>
          <span>{field.label}</span>
          <input
            type="number"
            inputMode={SETTING_RANGES[field.key].integer ? 'numeric' : 'decimal'}
            min={SETTING_RANGES[field.key].min}
            max={SETTING_RANGES[field.key].max}
            step={field.step}
            value={values.numbers[field.key]}
            onChange={(event) => onChange({ ...values, numbers: { ...values.numbers, [field.key]: event.currentTarget.value } })}
          />
        </label>
      ))}
      {values.ranker === 'ials' && (
        // Not "Ranker …": labels match as substrings, and the contract finds the select by "Ranker".
        <label title="sweeps of the ranking model at most; each adds a point to its validation curve">
          <span>iALS sweeps</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={values.rankerIterations}
            onChange={(event) => onChange({ ...values, rankerIterations: event.currentTarget.value })}
          />
        </label>
      )}
      {values.model === 'mlp' && (
        <label title="widths of the ReLU layers between the embeddings and the output">
          <span>Hidden layers</span>
          <input
            type="text"
            value={values.hiddenLayers}
            onChange={(event) => onChange({ ...values, hiddenLayers: event.currentTarget.value })}
          />
        </label>
      )}
      {values.optimizer === 'gibbs' && (
        <p className="hint training-form-note" data-testid="gibbs-note">
          Gibbs sampling averages biased MF over its posterior, a sweep per epoch: no learning rate, schedule or batch size; λ only sets how
          your own ratings fold in.
        </p>
      )}
    </fieldset>
  );
}
