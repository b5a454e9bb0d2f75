import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../recsys/training-config';
import { settingsFromHash, settingsToHash } from './settings-hash';

describe('settings in the URL hash', () => {
  it('round-trips every setting a run is made of, the seed included', () => {
    const config: TrainingConfig = {
      ...DEFAULT_TRAINING_CONFIG,
      model: 'mlp',
      optimizer: 'sgd',
      factors: 17,
      epochs: 9,
      learningRate: 0.02,
      batchSize: 256,
      regularization: 0.05,
      earlyStoppingPatience: 0,
      validationFraction: 0.2,
      schedule: 'bold-driver',
      hiddenLayers: [40, 10],
      ranker: 'none',
      rankerSettings: { iterations: 5 },
      refit: false,
      testFraction: 0.25,
      seed: 12345,
    };
    expect(settingsFromHash(`#${settingsToHash(config)}`, DEFAULT_TRAINING_CONFIG)).toEqual(config);
  });

  it('keeps the defaults for values out of range or unknown, and refuses Gibbs for the MLP', () => {
    const read = settingsFromHash('#model=mlp&optimizer=gibbs&k=9999&lr=abc&epochs=3&seed=-1&schedule=fast', DEFAULT_TRAINING_CONFIG);
    expect(read).toMatchObject({
      model: 'mlp',
      optimizer: 'adam',
      factors: DEFAULT_TRAINING_CONFIG.factors,
      learningRate: DEFAULT_TRAINING_CONFIG.learningRate,
      epochs: 3,
      seed: DEFAULT_TRAINING_CONFIG.seed,
      schedule: DEFAULT_TRAINING_CONFIG.schedule,
    });
    expect(settingsFromHash('', DEFAULT_TRAINING_CONFIG)).toBeUndefined();
  });
});
