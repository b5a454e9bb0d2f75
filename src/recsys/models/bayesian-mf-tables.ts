/**
 * The Gibbs sampler's tables (one row per user or movie: [factors, bias]) and their running
 * posterior mean, which is the biased MF model that Bayesian MF hands over.
 */
import { mulberry32, randomNormal } from '../random';
import { BAYESIAN_MF } from './bayesian-mf';
import type { MatrixFactorizationWeights } from './mf-weights';

/** Initial tables [factors, bias] per row: factors ~ N(0, initStd²), bias 0; seeded. */
export function initialGibbsTables(
  size: { readonly userCount: number; readonly movieCount: number },
  factors: number,
  seed: number,
): { users: Float32Array; movies: Float32Array } {
  const random = mulberry32(seed);
  const width = factors + 1;
  const table = (count: number) => {
    const values = new Float32Array(count * width);
    for (let r = 0; r < count; r++) for (let f = 0; f < factors; f++) values[r * width + f] = BAYESIAN_MF.initStd * randomNormal(random);
    return values;
  };
  return { users: table(size.userCount), movies: table(size.movieCount) };
}

/** Biased MF weights as the sampler's tables (a checkpoint to go on from). */
export function gibbsTablesOf(weights: MatrixFactorizationWeights): { users: Float32Array; movies: Float32Array } {
  const k = weights.factors;
  const table = (values: Float32Array, bias: Float32Array) => {
    const out = new Float32Array(bias.length * (k + 1));
    for (let r = 0; r < bias.length; r++) {
      out.set(values.subarray(r * k, (r + 1) * k), r * (k + 1));
      out[r * (k + 1) + k] = bias[r]!;
    }
    return out;
  };
  return { users: table(weights.userFactors, weights.userBias), movies: table(weights.movieFactors, weights.movieBias) };
}

/** The running mean of the sampled tables, in float64. */
export class PosteriorMean {
  private readonly users: Float64Array;
  private readonly movies: Float64Array;
  samples = 0;

  constructor(userValues: number, movieValues: number) {
    this.users = new Float64Array(userValues);
    this.movies = new Float64Array(movieValues);
  }

  add(users: Float32Array, movies: Float32Array): void {
    for (let i = 0; i < users.length; i++) this.users[i]! += users[i]!;
    for (let i = 0; i < movies.length; i++) this.movies[i]! += movies[i]!;
    this.samples++;
  }

  copy(): PosteriorMean {
    const copy = new PosteriorMean(0, 0);
    Object.assign(copy, { users: Float64Array.from(this.users), movies: Float64Array.from(this.movies), samples: this.samples });
    return copy;
  }

  /** The mean as biased MF weights; `fallback` (the current sample) before any sample is averaged. */
  weights(factors: number, globalMean: number, fallback: { users: Float32Array; movies: Float32Array }): MatrixFactorizationWeights {
    const width = factors + 1;
    const split = (sums: Float64Array, current: Float32Array) => {
      const count = current.length / width;
      const values = new Float32Array(count * factors);
      const bias = new Float32Array(count);
      for (let r = 0; r < count; r++) {
        for (let f = 0; f <= factors; f++) {
          const value = this.samples > 0 ? sums[r * width + f]! / this.samples : current[r * width + f]!;
          if (f === factors) bias[r] = value;
          else values[r * factors + f] = value;
        }
      }
      return { values, bias };
    };
    const users = split(this.users, fallback.users);
    const movies = split(this.movies, fallback.movies);
    return {
      userCount: users.bias.length,
      movieCount: movies.bias.length,
      factors,
      globalMean,
      userFactors: users.values,
      movieFactors: movies.values,
      userBias: users.bias,
      movieBias: movies.bias,
    };
  }
}
