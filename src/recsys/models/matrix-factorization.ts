import * as tf from '@tensorflow/tfjs';
import type { MatrixFactorizationShape, MatrixFactorizationWeights } from './mf-weights';

export type { MatrixFactorizationShape, MatrixFactorizationWeights } from './mf-weights';

/**
 * Matrix factorization in tfjs, the reference implementation that runs on every backend.
 * Biased MF (Koren, Bell & Volinsky 2009; Surprise's SVD):
 *
 *   r̂_ui = μ + b_u + b_i + p_uᵀ q_i
 *
 * Plain MF (the seeds' model) is the same with μ = 0 and the biases held at 0.
 *
 * μ is the training mean (fixed), b_u and b_i are user and movie biases, p_u and q_i are
 * k-dimensional taste vectors. Training minimises, over a batch B of known ratings,
 *
 *   L = (1/|B|) Σ_{(u,i)∈B} [ (r_ui − r̂_ui)² + λ (b_u² + b_i² + ‖p_u‖² + ‖q_i‖²) ]
 *
 * i.e. the L2 penalty is paid per rating seen, as in Surprise's SGD, so popular movies and
 * active users are regularised in proportion to the evidence about them. See docs/notation.md.
 */
/** One mini-batch of ratings on the device: dense user and movie indices, true ratings. */
export interface RatingBatchTensors {
  readonly users: tf.Tensor1D;
  readonly movies: tf.Tensor1D;
  readonly ratings: tf.Tensor1D;
}

/** What the tfjs autodiff trainer needs of a model. */
export interface TrainableModel {
  readonly trainableVariables: tf.Variable[];
  readonly variables: tf.Variable[];
  /** Raw (unclipped) predictions. */
  predict(users: tf.Tensor1D, movies: tf.Tensor1D): tf.Tensor1D;
  /** The regularised mean batch loss. */
  loss(batch: RatingBatchTensors, regularization: number): tf.Scalar;
  dispose(): void;
}

/**
 * tf.gather whose gradient is a ScatterNd of the batch's row gradients into a zero table.
 *
 * Why: tfjs's own gather gradient is UnsortedSegmentSum, which the CPU backend runs as one
 * mask-multiply-sum per table row (measured here: ~4 s per step for a 1,000-movie table, 82 s
 * per demo epoch), so the CPU fallback and the Node tests could not train at all. ScatterNd adds
 * each row once: O(batch × k) plus zeroing the table. Same values, same loss trajectory.
 */
export const gatherRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // customGrad passes the inputs, then the save function, in one untyped rest list.
  const [table, indices, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([indices]);
  return {
    value: tf.gather(table, indices),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const savedIndices = saved[0]!; // the one tensor saved above
      const rowIndices = tf.expandDims(savedIndices, 1);
      return [tf.scatterND(rowIndices, dy, table.shape), tf.zerosLike(savedIndices)];
    },
  };
}) as (table: tf.Tensor, indices: tf.Tensor) => tf.Tensor;

export class MatrixFactorization implements TrainableModel {
  readonly userFactors: tf.Variable<tf.Rank.R2>;
  readonly movieFactors: tf.Variable<tf.Rank.R2>;
  readonly userBias: tf.Variable<tf.Rank.R1>;
  readonly movieBias: tf.Variable<tf.Rank.R1>;

  private constructor(
    readonly shape: MatrixFactorizationShape,
    readonly globalMean: number,
    readonly useBias: boolean,
    tensors: { userFactors: tf.Tensor2D; movieFactors: tf.Tensor2D; userBias: tf.Tensor1D; movieBias: tf.Tensor1D },
  ) {
    this.userFactors = tf.variable(tensors.userFactors, true, undefined, 'float32');
    this.movieFactors = tf.variable(tensors.movieFactors, true, undefined, 'float32');
    this.userBias = tf.variable(tensors.userBias, true, undefined, 'float32');
    this.movieBias = tf.variable(tensors.movieBias, true, undefined, 'float32');
    // tf.variable copies its initial value; the initial tensors are no longer needed.
    tf.dispose([tensors.userFactors, tensors.movieFactors, tensors.userBias, tensors.movieBias]);
  }

  static fromWeights(weights: MatrixFactorizationWeights, useBias: boolean): MatrixFactorization {
    const { userCount, movieCount, factors } = weights;
    return new MatrixFactorization({ userCount, movieCount, factors }, useBias ? weights.globalMean : 0, useBias, {
      userFactors: tf.tensor2d(weights.userFactors, [userCount, factors]),
      movieFactors: tf.tensor2d(weights.movieFactors, [movieCount, factors]),
      // Plain MF has no biases: whatever the weights say, they are held at zero.
      userBias: useBias ? tf.tensor1d(weights.userBias) : tf.zeros([userCount]),
      movieBias: useBias ? tf.tensor1d(weights.movieBias) : tf.zeros([movieCount]),
    });
  }

  /** Every variable the model holds. */
  get variables(): tf.Variable[] {
    return [this.userFactors, this.movieFactors, this.userBias, this.movieBias];
  }

  /** The variables training changes (plain MF keeps its zero biases). */
  get trainableVariables(): tf.Variable[] {
    return this.useBias ? this.variables : [this.userFactors, this.movieFactors];
  }

  /** r̂ for each (users[j], movies[j]) pair, not clipped (the loss wants the raw value). Plain
   * MF's biases and μ are 0, so the same sum serves both. */
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
      const factorPenalty = tf.add(tf.sum(tf.square(p), 1), tf.sum(tf.square(q), 1));
      const penalty = this.useBias ? tf.add(factorPenalty, tf.add(tf.square(bu), tf.square(bi))) : factorPenalty;
      return tf.mean(tf.add(squaredError, tf.mul(penalty, regularization)));
    });
  }

  async readWeights(): Promise<MatrixFactorizationWeights> {
    const [userFactors, movieFactors, userBias, movieBias] = await Promise.all([
      this.userFactors.data<'float32'>(),
      this.movieFactors.data<'float32'>(),
      this.userBias.data<'float32'>(),
      this.movieBias.data<'float32'>(),
    ]);
    return { ...this.shape, globalMean: this.globalMean, userFactors, movieFactors, userBias, movieBias };
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
