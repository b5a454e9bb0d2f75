import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGradientsMatchFiniteDifferences } from '../../test-support/finite-differences';
import { MatrixFactorization, type MatrixFactorizationWeights } from './matrix-factorization';
import { scoreAllMoviesMf } from './mf-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 2 users, 3 movies, k = 2, written out so every prediction can be checked by hand.
const WEIGHTS: MatrixFactorizationWeights = {
  userCount: 2,
  movieCount: 3,
  factors: 2,
  globalMean: 3.5,
  userFactors: Float32Array.of(1, 0, 0.5, -1),
  movieFactors: Float32Array.of(0.2, 0.4, -1, 0.5, 0, 2),
  userBias: Float32Array.of(0.25, -0.5),
  movieBias: Float32Array.of(0.1, -0.2, 0.3),
};

function handPrediction(u: number, i: number): number {
  const k = WEIGHTS.factors;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += WEIGHTS.userFactors[u * k + f] * WEIGHTS.movieFactors[i * k + f];
  return WEIGHTS.globalMean + WEIGHTS.userBias[u] + WEIGHTS.movieBias[i] + dot;
}

describe('MatrixFactorization', () => {
  it('predicts μ + b_u + b_i + p_u·q_i', async () => {
    const model = MatrixFactorization.fromWeights(WEIGHTS, true);
    const users = tf.tensor1d([0, 0, 1, 1, 1], 'int32');
    const movies = tf.tensor1d([0, 2, 0, 1, 2], 'int32');
    const predicted = model.predict(users, movies);
    const values = Array.from(await predicted.data());
    const expected = [
      [0, 0],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ].map(([u, i]) => handPrediction(u, i));
    values.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    // e.g. user 1, movie 1: 3.5 − 0.5 − 0.2 + (0.5·−1 + −1·0.5) = 1.8
    expect(values[3]).toBeCloseTo(1.8, 5);
    tf.dispose([users, movies, predicted]);
    model.dispose();
  });

  it('scores every movie for a user on the CPU exactly as predict does', () => {
    const values = Array.from(scoreAllMoviesMf(WEIGHTS, 1));
    values.forEach((v, i) => expect(v).toBeCloseTo(handPrediction(1, i), 5));
  });

  it('as plain MF predicts p_u·q_i alone and trains only the factors', async () => {
    const model = MatrixFactorization.fromWeights(WEIGHTS, false);
    const users = tf.tensor1d([1], 'int32');
    const movies = tf.tensor1d([1], 'int32');
    const predicted = model.predict(users, movies);
    expect((await predicted.data())[0]).toBeCloseTo(0.5 * -1 + -1 * 0.5, 5);
    expect(model.trainableVariables).toEqual([model.userFactors, model.movieFactors]);
    tf.dispose([users, movies, predicted]);
    model.dispose();
  });

  it('round-trips its weights', async () => {
    const model = MatrixFactorization.fromWeights(WEIGHTS, true);
    const read = await model.readWeights();
    expect(Array.from(read.movieFactors)).toEqual(Array.from(WEIGHTS.movieFactors));
    expect(read.globalMean).toBe(3.5);
    model.dispose();
  });

  it.each([true, false])(
    'has loss gradients that match finite differences (biases: %s), duplicates in the batch included',
    async (useBias) => {
      const model = MatrixFactorization.fromWeights(WEIGHTS, useBias);
      // User 0 appears twice and movie 0 twice: their gradients must add up.
      const batch = {
        users: tf.tensor1d([0, 0, 1], 'int32'),
        movies: tf.tensor1d([0, 2, 0], 'int32'),
        ratings: tf.tensor1d([4, 2.5, 5]),
      };
      const variables = model.trainableVariables;
      const checked = await expectGradientsMatchFiniteDifferences(() => model.loss(batch, 0.3), variables, 2e-3);
      // MF's loss is smooth (a polynomial): every element is checked.
      expect(checked).toBe(variables.reduce((n, v) => n + v.size, 0));
      tf.dispose([batch.users, batch.movies, batch.ratings]);
      model.dispose();
    },
  );

  it('gives the same gradients as tfjs autodiff through tf.gather', async () => {
    const model = MatrixFactorization.fromWeights(WEIGHTS, true);
    const users = tf.tensor1d([1, 0, 1, 1], 'int32');
    const movies = tf.tensor1d([2, 2, 0, 2], 'int32');
    const ratings = tf.tensor1d([3, 4, 1, 5]);
    const reference = () =>
      tf.tidy(() => {
        const p = tf.gather(model.userFactors, users);
        const q = tf.gather(model.movieFactors, movies);
        const bu = tf.gather(model.userBias, users);
        const bi = tf.gather(model.movieBias, movies);
        const predicted = tf.add(tf.add(tf.sum(tf.mul(p, q), 1), tf.add(bu, bi)), model.globalMean);
        const penalty = tf.addN([tf.sum(tf.square(p), 1), tf.sum(tf.square(q), 1), tf.square(bu), tf.square(bi)]);
        return tf.mean(tf.add(tf.squaredDifference(predicted, ratings), tf.mul(penalty, 0.1))) as tf.Scalar;
      });
    const ours = tf.variableGrads(() => model.loss({ users, movies, ratings }, 0.1), model.variables);
    const theirs = tf.variableGrads(reference, model.variables);
    expect(ours.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0], 6);
    for (const variable of model.variables) {
      const a = Array.from(await ours.grads[variable.name].data());
      const b = Array.from(await theirs.grads[variable.name].data());
      a.forEach((v, j) => expect(v).toBeCloseTo(b[j], 6));
    }
    tf.dispose([ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads), users, movies, ratings]);
    model.dispose();
  });
});
