import { sgdTestConfig } from '../test-support/sgd-test-config';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { fitBiasBaseline, predictBaseline } from './baseline';
import { rmse } from './metrics';
import { BOLD_DRIVER, trainModel } from './train';
import type { EpochMetrics } from './training-outcome';
import { type TrainingConfig } from './training-config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Small enough for tfjs's CPU backend in a unit test, large enough to have taste to learn.
// (The WebGPU engine has its own tests in engines/webgpu-mf-trainer.test.ts.)
const { dataset, split, size } = demoSplit({ seed: 11, userCount: 150, movieCount: 250, meanRatingsPerUser: 50 }, 5);
const scale = dataset.ratingScale;
const config: TrainingConfig = sgdTestConfig({ epochs: 3, factors: 8, batchSize: 256 });
// The ratings a model fits: the training split less the 10 % validation carve.
const fitCount = split.train.rating.length - Math.round(split.train.rating.length * config.validationFraction);

describe('trainModel', () => {
  it.each(['biased-mf', 'mf', 'mlp'] as const)(
    '%s: reports every epoch and keeps the live tensor count flat across epochs and trainings',
    async (model) => {
      const before = tf.memory().numTensors;
      const countsPerEpoch: number[] = [];
      const modelConfig = { ...config, model, hiddenLayers: [16, 8] };
      for (let run = 0; run < 2; run++) {
        const outcome = await trainModel(split, size, scale, modelConfig, {
          onEpoch: () => countsPerEpoch.push(tf.memory().numTensors),
        });
        expect(outcome.engine).toBe('tfjs-autodiff');
        expect(outcome.history.map((m) => m.epoch)).toEqual([1, 2, 3]);
        expect(outcome.history.every((m) => m.steps === Math.ceil(fitCount / 256))).toBe(true);
        outcome.model.dispose();
      }
      expect(new Set(countsPerEpoch).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('is reproducible for a seed', async () => {
    const a = await trainModel(split, size, scale, { ...config, epochs: 1 });
    const b = await trainModel(split, size, scale, { ...config, epochs: 1 });
    expect(a.history[0].testRmse).toBe(b.history[0].testRmse);
    a.model.dispose();
    b.model.dispose();
  });

  it('learns taste: biased MF clearly beats the bias-only baseline on the demo data', async () => {
    const baseline = fitBiasBaseline(split.train, size.userCount, size.movieCount);
    const baselineRmse = rmse(predictBaseline(baseline, split.test, scale), split.test.rating);
    const { model, history } = await trainModel(split, size, scale, { ...config, epochs: 25 });
    const best = Math.min(...history.map((m) => m.testRmse));
    expect(history[history.length - 1].trainRmse).toBeLessThan(history[0].trainRmse - 0.15);
    expect(best).toBeLessThan(baselineRmse * 0.93);
    model.dispose();
  });

  it('every setting changes the result', async () => {
    const base = { ...config, epochs: 2 };
    const finalRmse = async (overrides: Partial<TrainingConfig>) => {
      const outcome = await trainModel(split, size, scale, { ...base, ...overrides });
      outcome.model.dispose();
      return outcome.history.map((m) => m.trainRmse);
    };
    const reference = await finalRmse({});
    const variations: Partial<TrainingConfig>[] = [
      { factors: 4 },
      { learningRate: 0.02 },
      { batchSize: 128 },
      { regularization: 0.5 },
      { optimizer: 'sgd', learningRate: 1 },
      { seed: 8 },
      { model: 'mf' },
      { model: 'mlp' },
      { epochs: 1 },
    ];
    // (testFraction acts where the split is made: see split.test.ts.)
    for (const variation of variations) {
      const outcome = await finalRmse(variation);
      expect({ variation, outcome: outcome.join() }).not.toEqual({ variation, outcome: reference.join() });
    }
    // The MLP's layer sizes and the schedule matter too (the schedule from epoch 3 on).
    const mlpA = await finalRmse({ model: 'mlp', hiddenLayers: [16, 8] });
    const mlpB = await finalRmse({ model: 'mlp', hiddenLayers: [8] });
    expect(mlpA.join()).not.toBe(mlpB.join());
    const constant = await finalRmse({ epochs: 3 });
    const bold = await finalRmse({ epochs: 3, schedule: 'bold-driver' });
    expect(bold[2]).not.toBe(constant[2]);
  });

  it('bold driver raises the rate a little after a better epoch and halves it after a worse one', async () => {
    const outcome = await trainModel(split, size, scale, { ...config, epochs: 6, schedule: 'bold-driver', learningRate: 0.08 });
    const rates = outcome.history.map((m) => m.learningRate);
    expect(rates[0]).toBe(0.08);
    for (let e = 1; e < rates.length; e++) {
      const improved = outcome.history[e].trainRmse < outcome.history[e - 1].trainRmse;
      const expected = rates[e] * (improved ? BOLD_DRIVER.increase : BOLD_DRIVER.decrease);
      if (e + 1 < rates.length) expect(rates[e + 1]).toBeCloseTo(Math.min(0.8, Math.max(0.0008, expected)), 10);
    }
    // The first epoch sets the reference; from then on the rate moves every epoch.
    expect(rates[1]).toBe(0.08);
    expect(rates[2]).toBeCloseTo(0.08 * BOLD_DRIVER.increase, 10); // epoch 2 improved on epoch 1
    outcome.model.dispose();
  });

  it('early stopping stops after `patience` worse epochs and keeps the best epoch', async () => {
    // No regularisation and a high rate: the test RMSE soon turns up.
    const outcome = await trainModel(split, size, scale, {
      ...config,
      epochs: 30,
      factors: 16,
      regularization: 0,
      learningRate: 0.05,
      earlyStoppingPatience: 2,
    });
    const last = outcome.history[outcome.history.length - 1].epoch;
    expect(last).toBeLessThan(30);
    expect(last - outcome.bestEpoch).toBe(2);
    expect(outcome.keptEpoch).toBe(outcome.bestEpoch);
    expect(outcome.validationRmse).toBe(Math.min(...outcome.history.map((m) => m.validationRmse)));
    outcome.model.dispose();
  });

  it('refits on all training ratings for the epochs validation chose, replaying their learning rates', async () => {
    const chosen = await trainModel(split, size, scale, {
      ...config,
      epochs: 12,
      factors: 16,
      regularization: 0,
      learningRate: 0.05,
      earlyStoppingPatience: 2,
      schedule: 'bold-driver',
    });
    const refitEpochs: EpochMetrics[] = [];
    const refit = await trainModel(
      split,
      size,
      scale,
      {
        ...config,
        epochs: 12,
        factors: 16,
        regularization: 0,
        learningRate: 0.05,
        earlyStoppingPatience: 2,
        schedule: 'bold-driver',
        refit: true,
      },
      { onRefitEpoch: (m) => refitEpochs.push(m) },
    );
    expect(refit.bestEpoch).toBe(chosen.bestEpoch);
    expect(refit.refit?.epochs).toBe(chosen.bestEpoch);
    expect(refitEpochs.map((m) => m.learningRate)).toEqual(chosen.history.slice(0, chosen.bestEpoch).map((m) => m.learningRate));
    expect(refitEpochs.every((m) => Number.isNaN(m.validationRmse))).toBe(true);
    expect(refit.reportedTestRmse).toBe(refitEpochs[refitEpochs.length - 1]!.testRmse);
    // The refit model trained on 10 % more ratings: its train steps cover all of them.
    expect(refitEpochs[0]!.steps).toBe(Math.ceil(split.train.rating.length / 256));
    expect(refit.refit?.steps).toBe(refitEpochs.length * Math.ceil(split.train.rating.length / 256));
    chosen.model.dispose();
    refit.model.dispose();
  });

  it('stops mid-epoch when asked and keeps a usable model', async () => {
    let epochsDone = 0;
    let pollsSinceEpoch = 0;
    const before = tf.memory().numTensors;
    const outcome = await trainModel(
      split,
      size,
      scale,
      { ...config, epochs: 5 },
      {
        onEpoch: () => epochsDone++,
        // A few steps into the second epoch.
        shouldStop: () => epochsDone >= 1 && ++pollsSinceEpoch > 5,
      },
    );
    expect(outcome.stopped).toBe(true);
    expect(outcome.history).toHaveLength(1);
    const scores = await outcome.model.scoreAllMovies(0);
    expect(scores).toHaveLength(size.movieCount);
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);
    outcome.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
