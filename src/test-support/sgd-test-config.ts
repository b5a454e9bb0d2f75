import { DEFAULT_TRAINING_CONFIG, OPTIMIZER_DEFAULTS, type TrainingConfig } from '../recsys/training-config';

/**
 * A training config for tests of the SGD engines and the training loop: biased MF fitted by Adam
 * rather than by the default Gibbs sampler, no refit (which would run every epoch twice) and no early stopping,
 * so an N-epoch config trains exactly N epochs. `overrides` set the rest.
 */
export function sgdTestConfig(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    ...DEFAULT_TRAINING_CONFIG,
    validationFraction: OPTIMIZER_DEFAULTS.adam.validationFraction,
    model: 'biased-mf',
    optimizer: 'adam',
    refit: false,
    earlyStoppingPatience: 0,
    ...overrides,
  };
}
