import type { MatrixFactorizationWeights } from '../models/mf-weights';

/* The fused engine's parameter table (see webgpu-mf-kernels.ts) to and from plain weights. */

/** Floats per table row: k factors, the bias, then zeros up to a multiple of 4, so the update
 * pass can read and write rows as vec4s. */
export function tableStride(factors: number): number {
  return Math.ceil((factors + 1) / 4) * 4;
}

/** One table, user rows then movie rows, each k factors, the bias and zero padding. */
export function packTable(weights: MatrixFactorizationWeights): Float32Array<ArrayBuffer> {
  const { userCount, movieCount, factors: k } = weights;
  const stride = tableStride(k);
  const table = new Float32Array((userCount + movieCount) * stride);
  for (let u = 0; u < userCount; u++) {
    table.set(weights.userFactors.subarray(u * k, (u + 1) * k), u * stride);
    table[u * stride + k] = weights.userBias[u]!;
  }
  for (let i = 0; i < movieCount; i++) {
    const row = (userCount + i) * stride;
    table.set(weights.movieFactors.subarray(i * k, (i + 1) * k), row);
    table[row + k] = weights.movieBias[i]!;
  }
  return table;
}

export function unpackTable(table: Float32Array, shape: MatrixFactorizationWeights): MatrixFactorizationWeights {
  const { userCount, movieCount, factors: k } = shape;
  const stride = tableStride(k);
  const userFactors = new Float32Array(userCount * k);
  const movieFactors = new Float32Array(movieCount * k);
  const userBias = new Float32Array(userCount);
  const movieBias = new Float32Array(movieCount);
  for (let u = 0; u < userCount; u++) {
    userFactors.set(table.subarray(u * stride, u * stride + k), u * k);
    userBias[u] = table[u * stride + k]!;
  }
  for (let i = 0; i < movieCount; i++) {
    const row = (userCount + i) * stride;
    movieFactors.set(table.subarray(row, row + k), i * k);
    movieBias[i] = table[row + k]!;
  }
  return { userCount, movieCount, factors: k, globalMean: shape.globalMean, userFactors, movieFactors, userBias, movieBias };
}
