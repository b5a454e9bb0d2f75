/**
 * The ranking model's settings (iALS, models/ials.ts) and their defaults: plain data, so that the
 * page's training form and recsys/training-config.ts can import them without the model's code
 * (and without an import cycle between the two).
 */

/** DEFAULT_IALS_CONFIG.iterations, as plain data for the page (which must not import the model code). */
export const DEFAULT_RANKER_ITERATIONS = 16;

export interface IalsConfig {
  readonly factors: number;
  /** α0: the weight of every unobserved (user, movie) cell. */
  readonly unobservedWeight: number;
  /** λ */
  readonly regularization: number;
  /** ν: how the regularisation grows with a row's ratings (0: constant, 1: linear). */
  readonly frequencyExponent: number;
  readonly iterations: number;
  readonly conjugateGradientSteps: number;
  readonly seed: number;
}

/** Chosen on a 10 % validation carve of ml-latest-small's training ratings (docs/models.md, "Ranking"). */
export const DEFAULT_IALS_CONFIG: IalsConfig = {
  factors: 128,
  unobservedWeight: 0.3,
  regularization: 0.3,
  frequencyExponent: 0.5,
  iterations: DEFAULT_RANKER_ITERATIONS,
  conjugateGradientSteps: 3,
  seed: 0,
};
