import { meanRating, type RatingColumns, type RatingScale } from './dataset';
import { clip } from './predict';

/**
 * Bias-only baseline: r̂ = μ + b_u + b_i, fitted by alternating regularized least squares
 * (as Surprise's BaselineOnly with ALS):
 *
 *   b_i = Σ_{u∈R(i)} (r_ui − μ − b_u) / (λ_i + |R(i)|)
 *   b_u = Σ_{i∈R(u)} (r_ui − μ − b_i) / (λ_u + |R(u)|)
 *
 * It is the yardstick every trained model must beat: anything learned past it is taste.
 */
export interface BiasBaseline {
  readonly globalMean: number;
  readonly userBias: Float32Array;
  readonly movieBias: Float32Array;
}

export interface BaselineOptions {
  readonly iterations?: number;
  readonly userRegularization?: number;
  readonly movieRegularization?: number;
}

export function fitBiasBaseline(
  train: RatingColumns,
  userCount: number,
  movieCount: number,
  { iterations = 10, userRegularization = 15, movieRegularization = 10 }: BaselineOptions = {},
): BiasBaseline {
  const globalMean = meanRating(train);
  const userBias = new Float32Array(userCount);
  const movieBias = new Float32Array(movieCount);
  const sums = new Float64Array(Math.max(userCount, movieCount));
  const counts = new Float64Array(Math.max(userCount, movieCount));
  const n = train.rating.length;

  for (let iteration = 0; iteration < iterations; iteration++) {
    sums.fill(0);
    counts.fill(0);
    for (let r = 0; r < n; r++) {
      const i = train.movie[r]!;
      sums[i]! += train.rating[r]! - globalMean - userBias[train.user[r]!]!;
      counts[i]! += 1;
    }
    for (let i = 0; i < movieCount; i++) movieBias[i] = sums[i]! / (movieRegularization + counts[i]!);

    sums.fill(0);
    counts.fill(0);
    for (let r = 0; r < n; r++) {
      const u = train.user[r]!;
      sums[u]! += train.rating[r]! - globalMean - movieBias[train.movie[r]!]!;
      counts[u]! += 1;
    }
    for (let u = 0; u < userCount; u++) userBias[u] = sums[u]! / (userRegularization + counts[u]!);
  }
  return { globalMean, userBias, movieBias };
}

/** Baseline predictions for the rows of `columns`, clipped to the rating scale. */
export function predictBaseline(baseline: BiasBaseline, columns: RatingColumns, scale: RatingScale): Float32Array {
  const out = new Float32Array(columns.rating.length);
  for (let r = 0; r < out.length; r++) {
    out[r] = clip(baseline.globalMean + baseline.userBias[columns.user[r]!]! + baseline.movieBias[columns.movie[r]!]!, scale);
  }
  return out;
}
