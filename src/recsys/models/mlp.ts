import * as tf from '@tensorflow/tfjs';
import { mulberry32, randomNormal } from '../random';
import { gatherRows, type RatingBatchTensors, type TrainableModel } from './matrix-factorization';

/**
 * Neural recommender (the seeds' MLP, with configurable sizes): user and movie embeddings e_u,
 * e_i ∈ ℝ^d are concatenated and passed through ReLU layers to one output,
 *
 *   h₀ = [e_u ; e_i],  h_l = ReLU(W_l h_{l−1} + c_l),  r̂_ui = μ + w_outᵀ h_L + c_out
 *
 * with the loss L = (1/|B|) Σ [ (r_ui − r̂_ui)² + λ (‖e_u‖² + ‖e_i‖²) ]: the embeddings pay the
 * same per-rating L2 as MF's factors; the dense layers are not penalised. The seeds' shape is
 * d = 30 and hidden layers 50-30-20.
 */
export interface MlpShape {
  readonly userCount: number;
  readonly movieCount: number;
  readonly embeddingSize: number;
  readonly hiddenLayers: readonly number[];
}

export interface MlpWeights extends MlpShape {
  readonly globalMean: number;
  readonly userEmbedding: Float32Array;
  readonly movieEmbedding: Float32Array;
  /** Per layer (hidden layers, then the output): weights [in × out] row-major, then biases. */
  readonly layers: readonly { readonly weights: Float32Array; readonly biases: Float32Array }[];
}

/** Seeded start: embeddings ~ N(0, 0.1²), dense weights He-normal, biases 0. */
export function initialMlpWeights(shape: MlpShape, globalMean: number, seed: number): MlpWeights {
  const random = mulberry32(seed);
  const normals = (n: number, std: number) => Float32Array.from({ length: n }, () => std * randomNormal(random));
  const widths = [2 * shape.embeddingSize, ...shape.hiddenLayers, 1];
  const layers = widths.slice(1).map((out, l) => ({
    weights: normals(widths[l]! * out, Math.sqrt(2 / widths[l]!)),
    biases: new Float32Array(out),
  }));
  return {
    ...shape,
    globalMean,
    userEmbedding: normals(shape.userCount * shape.embeddingSize, 0.1),
    movieEmbedding: normals(shape.movieCount * shape.embeddingSize, 0.1),
    layers,
  };
}

/** A variable holding `initial`'s values; `initial` itself is disposed (tf.variable keeps its
 * own reference to the data, and the wrapper tensor would otherwise leak). */
function variableFrom<R extends tf.Rank>(initial: tf.Tensor<R>): tf.Variable<R> {
  const variable = tf.variable(initial);
  initial.dispose();
  return variable;
}

export class MlpRecommender implements TrainableModel {
  readonly userEmbedding: tf.Variable<tf.Rank.R2>;
  readonly movieEmbedding: tf.Variable<tf.Rank.R2>;
  readonly layerWeights: tf.Variable<tf.Rank.R2>[];
  readonly layerBiases: tf.Variable<tf.Rank.R1>[];
  readonly globalMean: number;

  constructor(
    readonly shape: MlpShape,
    weights: MlpWeights,
  ) {
    const d = shape.embeddingSize;
    this.globalMean = weights.globalMean;
    this.userEmbedding = variableFrom(tf.tensor2d(weights.userEmbedding, [shape.userCount, d]));
    this.movieEmbedding = variableFrom(tf.tensor2d(weights.movieEmbedding, [shape.movieCount, d]));
    const widths = [2 * d, ...shape.hiddenLayers, 1];
    this.layerWeights = weights.layers.map((layer, l) => variableFrom(tf.tensor2d(layer.weights, [widths[l]!, widths[l + 1]!])));
    this.layerBiases = weights.layers.map((layer) => variableFrom(tf.tensor1d(layer.biases)));
  }

  get variables(): tf.Variable[] {
    return [this.userEmbedding, this.movieEmbedding, ...this.layerWeights, ...this.layerBiases];
  }

  get trainableVariables(): tf.Variable[] {
    return this.variables;
  }

  private forward(users: tf.Tensor1D, movies: tf.Tensor1D): { predicted: tf.Tensor1D; eu: tf.Tensor; ei: tf.Tensor } {
    const eu = gatherRows(this.userEmbedding, users);
    const ei = gatherRows(this.movieEmbedding, movies);
    let h: tf.Tensor = tf.concat([eu, ei], 1);
    const last = this.layerWeights.length - 1;
    // layerWeights and layerBiases are parallel, one entry per layer, the output layer last.
    for (let l = 0; l < last; l++) h = tf.relu(tf.add(tf.matMul(h, this.layerWeights[l]!), this.layerBiases[l]!));
    const out = tf.add(tf.matMul(h, this.layerWeights[last]!), this.layerBiases[last]!);
    return { predicted: tf.add(tf.reshape(out, [-1]), this.globalMean) as tf.Tensor1D, eu, ei };
  }

  predict(users: tf.Tensor1D, movies: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => this.forward(users, movies).predicted);
  }

  loss(batch: RatingBatchTensors, regularization: number): tf.Scalar {
    return tf.tidy(() => {
      const { predicted, eu, ei } = this.forward(batch.users, batch.movies);
      const penalty = tf.add(tf.sum(tf.square(eu), 1), tf.sum(tf.square(ei), 1));
      return tf.mean(tf.add(tf.squaredDifference(predicted, batch.ratings), tf.mul(penalty, regularization)));
    });
  }

  /** r̂ of one user for every movie, in one batched forward pass. */
  scoreAllMovies(user: number): tf.Tensor1D {
    return tf.tidy(() => {
      const movies = tf.range(0, this.shape.movieCount, 1, 'int32') as tf.Tensor1D;
      const users = tf.fill([this.shape.movieCount], user, 'int32') as tf.Tensor1D;
      return this.forward(users, movies).predicted;
    });
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
