import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG, OPTIMIZER_DEFAULTS } from '../../recsys/training-config';
import { formValuesFrom, parseTrainingForm, withChoice } from './training-form-values';

describe('the training form', () => {
  const start = formValuesFrom(DEFAULT_TRAINING_CONFIG);

  it('starts at biased MF fitted by Gibbs sampling', () => {
    expect(start.model).toBe('biased-mf');
    expect(start.optimizer).toBe('gibbs');
  });

  it('moves epochs and factors left at the old optimizer defaults to the new ones, and keeps typed ones', () => {
    const adam = withChoice(start, { optimizer: 'adam' });
    expect(adam.numbers.epochs).toBe(String(OPTIMIZER_DEFAULTS.adam.epochs));
    expect(adam.numbers.factors).toBe(String(OPTIMIZER_DEFAULTS.adam.factors));
    expect(adam.numbers.factors).not.toBe(start.numbers.factors);
    expect(parseTrainingForm(adam, DEFAULT_TRAINING_CONFIG)).toMatchObject({
      ok: true,
      config: { model: 'biased-mf', optimizer: 'adam', epochs: 30, factors: 64 },
    });

    const typed = withChoice({ ...start, numbers: { ...start.numbers, factors: '12' } }, { optimizer: 'sgd' });
    expect(typed.numbers.factors).toBe('12');
    expect(typed.numbers.epochs).toBe(String(OPTIMIZER_DEFAULTS.sgd.epochs));
    // And back: the SGD defaults return to Gibbs sampling's.
    expect(withChoice(adam, { optimizer: 'gibbs' }).numbers).toEqual(start.numbers);
  });

  it('turns Gibbs sampling into Adam for models it cannot fit (MF, the MLP)', () => {
    const mf = withChoice(start, { model: 'mf' });
    expect(mf.optimizer).toBe('adam');
    expect(mf.numbers.epochs).toBe(String(OPTIMIZER_DEFAULTS.adam.epochs));
    expect(withChoice(mf, { optimizer: 'gibbs' }).optimizer).toBe('adam');
    // Back to biased MF the optimizer stays what was chosen.
    expect(withChoice(mf, { model: 'biased-mf' }).optimizer).toBe('adam');
  });
});
