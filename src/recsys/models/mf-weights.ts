import { mulberry32, randomNormal } from '../random';

export interface MatrixFactorizationShape {
  readonly userCount: number;
  readonly movieCount: number;
  readonly factors: number;
}

/** A trained (or initial) MF model as plain arrays: what is saved, exported and scored on CPU. */
export interface MatrixFactorizationWeights extends MatrixFactorizationShape {
  /** μ; 0 for plain MF, which has no global mean or biases. */
  readonly globalMean: number;
  /** Row-major userCount × factors. */
  readonly userFactors: Float32Array;
  /** Row-major movieCount × factors. */
  readonly movieFactors: Float32Array;
  /** All zero for plain MF. */
  readonly userBias: Float32Array;
  readonly movieBias: Float32Array;
}

/**
 * Starting point of every MF training, made on the CPU from the seed so that all engines (the
 * WebGPU kernels, tfjs autodiff on any backend) start from the very same numbers: factors
 * ~ N(0, initStd²), biases 0.
 */
export function initialMfWeights(
  shape: MatrixFactorizationShape,
  globalMean: number,
  initStd: number,
  seed: number,
): MatrixFactorizationWeights {
  const random = mulberry32(seed);
  const normals = (n: number) => Float32Array.from({ length: n }, () => initStd * randomNormal(random));
  return {
    ...shape,
    globalMean,
    userFactors: normals(shape.userCount * shape.factors),
    movieFactors: normals(shape.movieCount * shape.factors),
    userBias: new Float32Array(shape.userCount),
    movieBias: new Float32Array(shape.movieCount),
  };
}

/** μ + b_u + b_i + p_uᵀq_i for one user against every movie, on the CPU (M·k multiply-adds). */
export function scoreAllMoviesMf(weights: MatrixFactorizationWeights, user: number): Float32Array {
  const k = weights.factors;
  return scoreMoviesForVector(weights, weights.userFactors.subarray(user * k, (user + 1) * k), weights.userBias[user]!);
}

/**
 * μ + b + b_i + pᵀq_i for a taste vector p and bias b against every movie: the one scoring loop
 * for a training user's row and for a folded-in person (personal.ts) alike.
 */
export function scoreMoviesForVector(weights: MatrixFactorizationWeights, factors: ArrayLike<number>, bias: number): Float32Array {
  const { factors: k, movieCount, movieFactors } = weights;
  const scores = new Float32Array(movieCount);
  const base = weights.globalMean + bias;
  for (let i = 0; i < movieCount; i++) {
    let dot = 0;
    const q = i * k;
    for (let f = 0; f < k; f++) dot += factors[f]! * movieFactors[q + f]!;
    scores[i] = base + weights.movieBias[i]! + dot;
  }
  return scores;
}
