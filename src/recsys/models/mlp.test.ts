import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialMlpWeights, MlpRecommender } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = { userCount: 3, movieCount: 4, embeddingSize: 2, hiddenLayers: [5, 3] };

describe('MlpRecommender', () => {
  it('has the seeds\' architecture: [e_u; e_i] → ReLU layers → 1 output, plus μ', () => {
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
    const lambda = 0.2;
    const { value, grads } = tf.variableGrads(() => model.loss(batch, lambda), model.trainableVariables);
    value.dispose();
    const epsilon = 3e-3;
    let checked = 0;
    for (const variable of model.trainableVariables) {
      const analytic = await grads[variable.name].data();
      const original = await variable.data();
      for (let j = 0; j < original.length; j++) {
        const lossAt = (delta: number) => {
          const copy = Float32Array.from(original);
          copy[j] += delta;
          variable.assign(tf.tensor(copy, variable.shape));
          const loss = model.loss(batch, lambda);
          const v = loss.dataSync()[0];
          loss.dispose();
          return v;
        };
        const [above, at, below] = [lossAt(epsilon), lossAt(0), lossAt(-epsilon)];
        variable.assign(tf.tensor(original, variable.shape));
        // Where a ReLU switches within ±ε the loss has a kink and no finite difference is a
        // derivative: the one-sided slopes disagree. Skip those points, check all others.
        const forward = (above - at) / epsilon;
        const backward = (at - below) / epsilon;
        if (Math.abs(forward - backward) > 0.02) continue;
        expect(analytic[j]).toBeCloseTo((forward + backward) / 2, 2);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    tf.dispose(Object.values(grads));
    tf.dispose([batch.users, batch.movies, batch.ratings]);
    model.dispose();
  });
});
