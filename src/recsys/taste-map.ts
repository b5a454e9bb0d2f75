import type { MatrixFactorizationWeights } from './models/mf-weights';
import { principalComponents, project, type PrincipalComponents } from './pca';
import { topN } from './recommend';

/** A movie on the 2-D taste map (dense index). */
export interface TasteMapPlacement {
  readonly movie: number;
  readonly x: number;
  readonly y: number;
}

const axesCache = new WeakMap<Float32Array, PrincipalComponents>();

/** The map's two axes: the first principal components of the movie taste vectors, computed
 * once per trained model (its factor table identifies it). */
export function tasteMapAxes(weights: MatrixFactorizationWeights): PrincipalComponents {
  let axes = axesCache.get(weights.movieFactors);
  if (!axes) {
    axes = principalComponents(weights.movieFactors, weights.factors, 2);
    axesCache.set(weights.movieFactors, axes);
  }
  return axes;
}

/** The `maxPoints` most rated movies (the ones people know, and a bounded number to draw) at
 * their place on the map. */
export function placeMovies(
  weights: MatrixFactorizationWeights,
  ratingsPerMovie: ArrayLike<number>,
  maxPoints: number,
): TasteMapPlacement[] {
  const axes = tasteMapAxes(weights);
  const k = weights.factors;
  return topN(ratingsPerMovie, maxPoints, []).map(({ movie }) => {
    const [x = 0, y = 0] = project(axes, weights.movieFactors.subarray(movie * k, (movie + 1) * k));
    return { movie, x, y };
  });
}

/**
 * A person's place on the map. A taste vector is a direction in the movies' space: movies lying
 * that way score high for them. It is drawn at twice the typical length of a movie vector so it
 * lands among the movies, not at the origin.
 */
export function placePerson(weights: MatrixFactorizationWeights, factors: ArrayLike<number>): { x: number; y: number } {
  const axes = tasteMapAxes(weights);
  const [px = 0, py = 0] = project(axes, factors, false);
  const [first = 0, second = 0] = axes.variances;
  const scale = Math.sqrt(first + second) / Math.max(Math.hypot(px, py), 1e-9);
  return { x: px * scale * 2, y: py * scale * 2 };
}
