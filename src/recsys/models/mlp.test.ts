import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGradientsMatchFiniteDifferences } from '../../test-support/finite-differences';
import { initialMlpWeights, MlpRecommender } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = { userCount: 3, movieCount: 4, embeddingSize: 2, hiddenLayers: [5, 3] };

describe('MlpRecommender', () => {
  it("has the seeds' architecture: [e_u; e_i] → ReLU layers → 1 output, plus μ", () => {
    const weights = initialMlpWeights({ userCount: 10, movieCount: 20, embeddingSize: 30, hiddenLayers: [50, 30, 20] }, 3.5, 1);
    expect(weights.layers.map((l) => [l.weights.length, l.biases.length])).toEqual([
      [60 * 50, 50],
      [50 * 30, 30],
      [30 * 20, 20],
      [20 * 1, 1],
    ]);
    expect(weights.userEmbedding.length).toBe(10 * 30);
  });

  it('predicts by hand-computable forward pass', async () => {
    const weights = initialMlpWeights(shape, 3, 4);
    const model = new MlpRecommender(shape, weights);
    const users = tf.tensor1d([2], 'int32');
    const movies = tf.tensor1d([1], 'int32');
    const predicted = model.predict(users, movies);
    // By hand: h0 = [e_u ; e_i], then ReLU(h W + c) per layer, then the linear output + μ.
    let h = [...weights.userEmbedding.slice(4, 6), ...weights.movieEmbedding.slice(2, 4)];
    const widths = [4, 5, 3, 1];
    weights.layers.forEach((layer, l) => {
      const next: number[] = [];
      for (let o = 0; o < widths[l + 1]; o++) {
        let sum = layer.biases[o];
        for (let i = 0; i < widths[l]; i++) sum += h[i] * layer.weights[i * widths[l + 1] + o];
        next.push(l < weights.layers.length - 1 ? Math.max(0, sum) : sum);
      }
      h = next;
    });
    expect((await predicted.data())[0]).toBeCloseTo(3 + h[0], 5);
    tf.dispose([users, movies, predicted]);
    model.dispose();
  });

  it('has loss gradients that match finite differences', async () => {
    const model = new MlpRecommender(shape, initialMlpWeights(shape, 3, 2));
    const batch = { users: tf.tensor1d([0, 2, 0], 'int32'), movies: tf.tensor1d([1, 1, 3], 'int32'), ratings: tf.tensor1d([4, 2, 5]) };
    const checked = await expectGradientsMatchFiniteDifferences(() => model.loss(batch, 0.2), model.trainableVariables, 3e-3);
    expect(checked).toBeGreaterThan(50);
    tf.dispose([batch.users, batch.movies, batch.ratings]);
    model.dispose();
  });
});
