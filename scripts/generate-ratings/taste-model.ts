/**
 * How a user rates a movie: r = μ + b_u + b_i + p_u·q_i + ε, rounded to the star step of the
 * day (whole stars before 2003-02-18, half stars after, as in MovieLens) and clamped to 0.5..5,
 * so a model can learn, and a factor model can beat the bias-only baseline.
 */
import { randomNormal, type RandomSource } from '../../src/recsys/random';
import { HALF_STARS_FROM } from './ml-25m';

/** μ: ml-25m's mean rating. */
export const GLOBAL_MEAN = 3.53;
/** The taste match p_u·q_i is written out for 4 dimensions. */
export const TASTE_DIMENSIONS = 4;

/** b_i ~ N(0, 0.45²) per movie, and q_i (TASTE_DIMENSIONS per movie, row-major) ~ N(0, 0.5²). */
export interface MovieTastes {
  bias: Float32Array;
  taste: Float32Array;
}

export function movieTastes(movieCount: number, random: RandomSource): MovieTastes {
  const bias = new Float32Array(movieCount);
  const taste = new Float32Array(movieCount * TASTE_DIMENSIONS);
  for (let i = 0; i < movieCount; i++) bias[i] = 0.45 * randomNormal(random);
  for (let i = 0; i < taste.length; i++) taste[i] = 0.5 * randomNormal(random);
  return { bias, taste };
}

/** b_u ~ N(0, 0.4²); p_u ~ N(0, 0.5²) is drawn into `taste` (reused from user to user). */
export function drawUser(taste: Float32Array, random: RandomSource): number {
  const bias = 0.4 * randomNormal(random);
  for (let d = 0; d < TASTE_DIMENSIONS; d++) taste[d] = 0.5 * randomNormal(random);
  return bias;
}

/** ε ~ N(0, 0.69²), approximated by a sum of four uniforms (the taste match has sd 0.5). */
export function ratingNoise(random: RandomSource): number {
  return (random() + random() + random() + random() - 2) * 1.2;
}

/** The ratings as written, indexed by `starStep`. */
export const RATING_TEXT: readonly string[] = ['0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0'];

/** The rating that `value` becomes at `timestamp`, as an index into RATING_TEXT: 0 = 0.5 .. 9 = 5.0. */
export function starStep(value: number, timestamp: number): number {
  if (timestamp < HALF_STARS_FROM) return Math.min(5, Math.max(1, Math.round(value))) * 2 - 1;
  return Math.min(10, Math.max(1, Math.round(value * 2))) - 1;
}
