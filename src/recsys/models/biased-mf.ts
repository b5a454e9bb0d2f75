import * as tf from '@tensorflow/tfjs';

/**
 * Biased matrix factorization (Koren, Bell & Volinsky 2009; Surprise's SVD):
 *
 *   r̂_ui = μ + b_u + b_i + p_uᵀ q_i
 *
 * μ is the training mean (fixed), b_u and b_i are user and movie biases, p_u and q_i are
 * k-dimensional taste vectors. Training minimises, over a batch B of known ratings,
 *
 *   L = (1/|B|) Σ_{(u,i)∈B} [ (r_ui − r̂_ui)² + λ (b_u² + b_i² + ‖p_u‖² + ‖q_i‖²) ]
 *
 * i.e. the L2 penalty is paid per rating seen, as in Surprise's SGD, so popular movies and
 * active users are regularised in proportion to the evidence about them. See docs/notation.md.
 */
export interface MatrixFactorizationShape {
  readonly userCount: number;
  readonly movieCount: number;
  readonly factors: number;
}

export interface MatrixFactorizationWeights extends MatrixFactorizationShape {
  readonly globalMean: number;
  /** Row-major userCount × factors. */
  readonly userFactors: Float32Array;
  /** Row-major movieCount × factors. */
  readonly movieFactors: Float32Array;
  readonly userBias: Float32Array;
  readonly movieBias: Float32Array;
}

/** One mini-batch of ratings on the device: dense user and movie indices, true ratings. */
export interface RatingBatchTensors {
  readonly users: tf.Tensor1D;
  readonly movies: tf.Tensor1D;
  readonly ratings: tf.Tensor1D;
}

/**
 * tf.gather whose gradient is a ScatterNd of the batch's row gradients into a zero table.
 *
 * Why: tfjs's own gather gradient is UnsortedSegmentSum, which the CPU backend runs as one
 * mask-multiply-sum per table row (measured here: ~4 s per step for a 1,000-movie table, 82 s
 * per demo epoch), so the CPU fallback and the Node tests could not train at all. ScatterNd adds
 * each row once: O(batch × k) plus zeroing the table. Same values, same loss trajectory.
 */
const gatherRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // customGrad passes the inputs, then the save function, in one untyped rest list.
  const [table, indices, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([indices]);
  return {
    value: tf.gather(table, indices),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedIndices] = saved;
      const rowIndices = tf.expandDims(savedIndices, 1);
      return [tf.scatterND(rowIndices, dy, table.shape), tf.zerosLike(savedIndices)];
    },
  };
}) as (table: tf.Tensor, indices: tf.Tensor) => tf.Tensor;

export class BiasedMatrixFactorization {
  readonly userFactors: tf.Variable<tf.Rank.R2>;
  readonly movieFactors: tf.Variable<tf.Rank.R2>;
  readonly userBias: tf.Variable<tf.Rank.R1>;
  readonly movieBias: tf.Variable<tf.Rank.R1>;

  private constructor(
    readonly shape: MatrixFactorizationShape,
    readonly globalMean: number,
    tensors: { userFactors: tf.Tensor2D; movieFactors: tf.Tensor2D; userBias: tf.Tensor1D; movieBias: tf.Tensor1D },
  ) {
    this.userFactors = tf.variable(tensors.userFactors, true, undefined, 'float32');
    this.movieFactors = tf.variable(tensors.movieFactors, true, undefined, 'float32');
    this.userBias = tf.variable(tensors.userBias, true, undefined, 'float32');
    this.movieBias = tf.variable(tensors.movieBias, true, undefined, 'float32');
    // tf.variable copies its initial value; the initial tensors are no longer needed.
    tf.dispose([tensors.userFactors, tensors.movieFactors, tensors.userBias, tensors.movieBias]);
  }

  /** Taste vectors ~ N(0, initStd²), biases 0: small random factors break the symmetry without
   * swamping the biases early in training. */
  static initialize(shape: MatrixFactorizationShape, globalMean: number, initStd: number, seed: number): BiasedMatrixFactorization {
    const { userCount, movieCount, factors } = shape;
    return new BiasedMatrixFactorization(shape, globalMean, {
      userFactors: tf.randomNormal([userCount, factors], 0, initStd, 'float32', seed),
      movieFactors: tf.randomNormal([movieCount, factors], 0, initStd, 'float32', seed + 1),
      userBias: tf.zeros([userCount]),
      movieBias: tf.zeros([movieCount]),
    });
  }

  static fromWeights(weights: MatrixFactorizationWeights): BiasedMatrixFactorization {
    const { userCount, movieCount, factors } = weights;
    return new BiasedMatrixFactorization({ userCount, movieCount, factors }, weights.globalMean, {
      userFactors: tf.tensor2d(weights.userFactors, [userCount, factors]),
      movieFactors: tf.tensor2d(weights.movieFactors, [movieCount, factors]),
      userBias: tf.tensor1d(weights.userBias),
      movieBias: tf.tensor1d(weights.movieBias),
    });
  }

  get variables(): tf.Variable[] {
    return [this.userFactors, this.movieFactors, this.userBias, this.movieBias];
  }

  /** r̂ for each (users[j], movies[j]) pair, not clipped (the loss wants the raw value). */
  predict(users: tf.Tensor1D, movies: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => {
      const p = tf.gather(this.userFactors, users);
      const q = tf.gather(this.movieFactors, movies);
      const interaction = tf.sum(tf.mul(p, q), 1);
      const biases = tf.add(tf.gather(this.userBias, users), tf.gather(this.movieBias, movies));
      return tf.add(tf.add(interaction, biases), this.globalMean) as tf.Tensor1D;
    });
  }

  /** The regularised batch loss L above. */
  loss(batch: RatingBatchTensors, regularization: number): tf.Scalar {
    return tf.tidy(() => {
      const p = gatherRows(this.userFactors, batch.users);
      const q = gatherRows(this.movieFactors, batch.movies);
      const bu = gatherRows(this.userBias, batch.users);
      const bi = gatherRows(this.movieBias, batch.movies);
      const predicted = tf.add(tf.add(tf.sum(tf.mul(p, q), 1), tf.add(bu, bi)), this.globalMean);
      const squaredError = tf.squaredDifference(predicted, batch.ratings);
      const penalty = tf.addN([tf.sum(tf.square(p), 1), tf.sum(tf.square(q), 1), tf.square(bu), tf.square(bi)]);
      return tf.mean(tf.add(squaredError, tf.mul(penalty, regularization)));
    });
  }

  /** μ + b_u + b_i + p_uᵀq_i for one user against every movie. */
  scoreAllMovies(userIndex: number): tf.Tensor1D {
    return tf.tidy(() => {
      const p = tf.slice(this.userFactors, [userIndex, 0], [1, this.shape.factors]);
      const interaction = tf.reshape(tf.matMul(p, this.movieFactors, false, true), [this.shape.movieCount]);
      const userBias = tf.slice(this.userBias, [userIndex], [1]);
      return tf.add(tf.add(interaction, this.movieBias), tf.add(userBias, this.globalMean)) as tf.Tensor1D;
    });
  }

  async readWeights(): Promise<MatrixFactorizationWeights> {
    const [userFactors, movieFactors, userBias, movieBias] = await Promise.all(
      this.variables.map((v) => v.data<'float32'>()),
    );
    return { ...this.shape, globalMean: this.globalMean, userFactors, movieFactors, userBias, movieBias };
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
