import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG } from '../recsys/training-config';
import type { EpochMetrics } from '../worker/api';
import { curveOf, runFigures, settingsDifference, settingsSummary } from './runs';

function epoch(n: number, validationRmse: number, testRmse: number): EpochMetrics {
  return { epoch: n, trainRmse: 1 - n / 10, validationRmse, testRmse, durationMs: 1, trainMs: 1, steps: 1, learningRate: 0.003 };
}

describe('runs', () => {
  it('names how settings differ the way a person says it', () => {
    const base = DEFAULT_TRAINING_CONFIG;
    expect(settingsDifference({ ...base, factors: 128, regularization: 0.05 }, base)).toBe('k 128, λ 0.05');
    expect(settingsDifference({ ...base, optimizer: 'adam', seed: 3 }, base)).toBe('Adam, seed 3');
    expect(settingsDifference(base, base)).toBe('same settings');
    expect(settingsSummary(base)).toBe('Biased MF, Gibbs, k 32, ≤ 100 epochs');
  });

  it('reports the kept epoch and the refit test RMSE; a run without validation has none', () => {
    const history = [epoch(1, 0.9, 0.91), epoch(2, 0.85, 0.86), epoch(3, 0.87, 0.84)];
    expect(runFigures(history, { keptEpoch: 2, reportedTestRmse: 0.855, validationRmse: 0.85 }, 0.2)).toEqual({
      trainRmse: 0.8,
      validationRmse: 0.85,
      testRmse: 0.855,
      ndcgAt10: 0.2,
    });
    const unvalidated = [epoch(1, Number.NaN, 0.9)];
    expect(runFigures(unvalidated, undefined, undefined)).toEqual({ trainRmse: 0.9, validationRmse: null, testRmse: 0.9, ndcgAt10: null });
    // JSON has no NaN: a missing validation point is null in the stored curve.
    expect(curveOf(unvalidated)[0]!.validation).toBeNull();
  });
});
