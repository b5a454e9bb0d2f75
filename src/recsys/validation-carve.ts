import type { RatingColumns } from './dataset';
import { randomSplit } from './split';

/**
 * The validation carve: a seeded share of the training split that early stopping and the kept
 * epoch look at, drawn apart from the test split's draw so that the test ratings are never
 * consulted.
 */

/** Seed of the validation carve: apart from the test split's, so the two draws are unrelated. */
const VALIDATION_SEED_OFFSET = 0x6a09e667;

/**
 * The ratings a model fits and the validation carve, a seeded `fraction` of the training split
 * (none when 0). Rows come only from `train`, so the carve is disjoint from the test split.
 */
export function carveValidation(
  train: RatingColumns,
  fraction: number,
  seed: number,
): { readonly fit: RatingColumns; readonly validation?: RatingColumns } {
  if (!(fraction > 0) || train.rating.length < 2) return { fit: train };
  const carved = randomSplit(train, fraction, (seed ^ VALIDATION_SEED_OFFSET) >>> 0);
  if (carved.test.rating.length === 0) return { fit: train };
  return { fit: carved.train, validation: carved.test };
}
