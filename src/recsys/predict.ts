import type { RatingScale } from './dataset';

/** Clamp a predicted rating to the dataset's rating scale. */
export function clip(value: number, scale: RatingScale): number {
  return Math.min(scale.max, Math.max(scale.min, value));
}
