import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitBiasBaseline, predictBaseline } from './baseline';
import { generateDemoCsv } from './demo-data';
import { buildDataset } from './import/build-dataset';
import { rmse } from './metrics';
import { randomSplit } from './split';
import { predictColumns, trainBiasedMf } from './train';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from './training-config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Small enough for the CPU backend in a unit test, large enough to have taste to learn.
const demo = generateDemoCsv({ seed: 11, userCount: 150, movieCount: 250, meanRatingsPerUser: 50 });
const { dataset } = buildDataset(
  [
    { name: 'movies.csv', text: demo.moviesCsv },
    { name: 'ratings.csv', text: demo.ratingsCsv },
  ],
  'unit demo',
);
const split = randomSplit(dataset.ratings, 0.2, 5);
const size = { userCount: dataset.users.size, movieCount: dataset.movies.size };
const config: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, epochs: 3, factors: 8, batchSize: 256 };

describe('trainBiasedMf', () => {
  it('reports every epoch and keeps the live tensor count flat across epochs and trainings', async () => {
    const before = tf.memory().numTensors;
    const countsPerEpoch: number[] = [];
    const first = await trainBiasedMf(split, size, dataset.ratingScale, config, {
      onEpoch: () => countsPerEpoch.push(tf.memory().numTensors),
    });
    expect(first.history.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(new Set(countsPerEpoch).size).toBe(1);
    // Only the model's four variables outlive training.
    expect(tf.memory().numTensors).toBe(before + 4);
    first.model.dispose();
    const second = await trainBiasedMf(split, size, dataset.ratingScale, config, {
      onEpoch: () => countsPerEpoch.push(tf.memory().numTensors),
    });
    expect(new Set(countsPerEpoch).size).toBe(1);
    second.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible for a seed', async () => {
    const a = await trainBiasedMf(split, size, dataset.ratingScale, { ...config, epochs: 1 });
    const b = await trainBiasedMf(split, size, dataset.ratingScale, { ...config, epochs: 1 });
    expect(a.history[0].testRmse).toBe(b.history[0].testRmse);
    a.model.dispose();
    b.model.dispose();
  });

  it('learns taste: clearly beats the bias-only baseline on the demo data', async () => {
    const baseline = fitBiasBaseline(split.train, size.userCount, size.movieCount);
    const baselineRmse = rmse(predictBaseline(baseline, split.test, dataset.ratingScale), split.test.rating);
    const { model, history } = await trainBiasedMf(split, size, dataset.ratingScale, { ...config, epochs: 25 });
    const best = Math.min(...history.map((m) => m.testRmse));
    expect(history[history.length - 1].trainRmse).toBeLessThan(history[0].trainRmse - 0.15);
    expect(best).toBeLessThan(baselineRmse * 0.93);
    model.dispose();
  });

  it('stops mid-epoch when asked and keeps a usable model', async () => {
    let epochsDone = 0;
    let pollsSinceEpoch = 0;
    const before = tf.memory().numTensors;
    const outcome = await trainBiasedMf(split, size, dataset.ratingScale, { ...config, epochs: 5 }, {
      onEpoch: () => epochsDone++,
      // A few steps into the second epoch.
      shouldStop: () => epochsDone >= 1 && ++pollsSinceEpoch > 5,
    });
    expect(outcome.stopped).toBe(true);
    expect(outcome.history).toHaveLength(1);
    const predictions = await predictColumns(outcome.model, split.test, dataset.ratingScale);
    expect(predictions.every((p) => Number.isFinite(p) && p >= 0.5 && p <= 5)).toBe(true);
    expect(rmse(predictions, split.test.rating)).toBeLessThan(1.2);
    outcome.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
