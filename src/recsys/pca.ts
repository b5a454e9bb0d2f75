import { meanAndScatter } from './linear-algebra';
import { mulberry32, randomNormal } from './random';

/**
 * The first principal components of row vectors (here: movie taste vectors, for the 2-D taste
 * map), by power iteration with deflation on the k × k covariance matrix. k ≤ 256, so this is
 * a few milliseconds even for 60,000 rows, with no library needed.
 */
export interface PrincipalComponents {
  readonly mean: Float64Array;
  /** Unit vectors, largest variance first. */
  readonly components: readonly Float64Array[];
  /** The variance along each component. */
  readonly variances: readonly number[];
}

export function principalComponents(rows: Float32Array, dimension: number, count: number, seed = 1): PrincipalComponents {
  const n = rows.length / dimension;
  const { mean, scatter: covariance } = meanAndScatter(rows, n, dimension);
  for (let i = 0; i < covariance.length; i++) covariance[i]! /= Math.max(1, n - 1);

  const random = mulberry32(seed);
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < count; c++) {
    let v = Float64Array.from({ length: dimension }, () => randomNormal(random));
    let eigenvalue = 0;
    for (let iteration = 0; iteration < 300; iteration++) {
      const next = new Float64Array(dimension);
      for (let i = 0; i < dimension; i++) {
        let sum = 0;
        for (let j = 0; j < dimension; j++) sum += covariance[i * dimension + j]! * v[j]!;
        next[i] = sum;
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      for (let i = 0; i < dimension; i++) next[i]! /= norm;
      const change = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
      v = next;
      eigenvalue = norm;
      if (change < 1e-10) break;
    }
    components.push(v);
    variances.push(eigenvalue);
    // Deflate: remove this component's variance so the next iteration finds the next one.
    for (let i = 0; i < dimension; i++) for (let j = 0; j < dimension; j++) covariance[i * dimension + j]! -= eigenvalue * v[i]! * v[j]!;
  }
  return { mean, components, variances };
}

/** Coordinates of a vector along the components (after removing the mean when `centre`). */
export function project(pca: PrincipalComponents, vector: ArrayLike<number>, centre = true): number[] {
  return pca.components.map((component) => {
    let sum = 0;
    for (let d = 0; d < component.length; d++) sum += (vector[d]! - (centre ? pca.mean[d]! : 0)) * component[d]!;
    return sum;
  });
}
