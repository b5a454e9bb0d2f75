import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG, MODEL_DEFAULTS } from '../../recsys/training-config';
import { formValuesFrom, parseTrainingForm, withModel } from './training-form-values';

describe('the training form', () => {
  it('moves epochs and factors left at the old model defaults to the new model defaults, and keeps typed ones', () => {
    const start = formValuesFrom(DEFAULT_TRAINING_CONFIG);
    expect(start.model).toBe('bayesian-mf');
    const biased = withModel(start, 'biased-mf');
    expect(biased.numbers.epochs).toBe(String(MODEL_DEFAULTS['biased-mf'].epochs));
    expect(biased.numbers.factors).toBe(String(MODEL_DEFAULTS['biased-mf'].factors));
    expect(biased.numbers.factors).not.toBe(start.numbers.factors);
    const parsed = parseTrainingForm(biased, DEFAULT_TRAINING_CONFIG);
    expect(parsed).toMatchObject({ ok: true, config: { model: 'biased-mf', epochs: 30, factors: 64 } });

    const typed = withModel({ ...start, numbers: { ...start.numbers, factors: '12' } }, 'mf');
    expect(typed.numbers.factors).toBe('12');
    expect(typed.numbers.epochs).toBe(String(MODEL_DEFAULTS.mf.epochs));
    // And back: the SGD defaults return to Bayesian MF's.
    const back = withModel(biased, 'bayesian-mf');
    expect(back.numbers).toEqual(start.numbers);
  });
});
