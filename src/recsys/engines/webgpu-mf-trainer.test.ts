import { sgdTestConfig } from '../../test-support/sgd-test-config';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSplit } from '../../test-support/demo-split';
import { nodeGpuDevice } from '../../test-support/node-webgpu';
import { meanRating } from '../dataset';
import { rmse } from '../metrics';
import { MatrixFactorization } from '../models/matrix-factorization';
import { initialMfWeights, type MatrixFactorizationWeights } from '../models/mf-weights';
import { BatchSource, trainModel } from '../train';
import { type GradientOptimizerKind } from '../training-config';
import { TfjsTrainer } from './tfjs-trainer';
import { stepThroughEpoch } from './trainer';
import { GATHER_SHADER, PREDICT_SHADER, UPDATE_SHADER } from './webgpu-mf-kernels';
import { WebGpuMfTrainer } from './webgpu-mf-trainer';

const gpu = await nodeGpuDevice();
const device = 'device' in gpu ? gpu.device : undefined;
if (!device) console.warn(`Skipping the WebGPU kernel tests: ${'skipReason' in gpu ? gpu.skipReason : ''}`);

const { dataset, split, size } = demoSplit({ seed: 5, userCount: 40, movieCount: 60, meanRatingsPerUser: 25 }, 3);
const train = split.train;
const n = train.rating.length;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
// Dawn aborts the test process if it exits with GPU work in flight.
afterAll(async () => {
  await device?.queue.onSubmittedWorkDone();
});

/** Runs `steps` mini-batch steps (batches in file order, cycling) on an engine. */
function runSteps(engine: { step(u: Int32Array, m: Int32Array, r: Float32Array, size: number): void }, batchSize: number, steps: number) {
  for (let s = 0; s < steps; s++) {
    const start = (s * batchSize) % n;
    const end = Math.min(n, start + batchSize);
    engine.step(train.user.slice(start, end), train.movie.slice(start, end), train.rating.slice(start, end), end - start);
  }
}

async function trainBoth(useBias: boolean, optimizer: GradientOptimizerKind, learningRate: number, batchSize: number, steps: number) {
  const initial = initialMfWeights({ ...size, factors: 4 }, useBias ? meanRating(train) : 0, 0.1, 9);
  const options = { useBias, optimizer, regularization: 0.05, maxBatchSize: batchSize };
  const fused = new WebGpuMfTrainer(device as GPUDevice, initial, options);
  fused.setLearningRate(learningRate);
  runSteps(fused, batchSize, steps);
  const fusedWeights = await fused.readWeights();
  fused.dispose();
  const reference = new TfjsTrainer(MatrixFactorization.fromWeights(initial, useBias), optimizer, learningRate, 0.05, batchSize);
  runSteps(reference, batchSize, steps);
  const referenceModel = await reference.takeModel();
  reference.dispose();
  const referenceWeights = (referenceModel as unknown as { weights: MatrixFactorizationWeights }).weights;
  return { initial, fusedWeights, referenceWeights };
}

function maxDifference(a: MatrixFactorizationWeights, b: MatrixFactorizationWeights): number {
  let max = 0;
  for (const key of ['userFactors', 'movieFactors', 'userBias', 'movieBias'] as const) {
    for (let j = 0; j < a[key].length; j++) max = Math.max(max, Math.abs(a[key][j] - b[key][j]));
  }
  return max;
}

function maxChange(a: MatrixFactorizationWeights, b: MatrixFactorizationWeights): number {
  return maxDifference(a, b);
}

describe.skipIf(!device)('WebGpuMfTrainer (WGSL kernels, on WebGPU in Node)', () => {
  it('compiles every MF shader without an error (an invalid pipeline would fail silently)', async () => {
    for (const code of [GATHER_SHADER, UPDATE_SHADER, PREDICT_SHADER]) {
      const info = await (device as GPUDevice).createShaderModule({ code }).getCompilationInfo();
      expect(info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos} ${m.message}`)).toEqual([]);
    }
  });

  it('matches tfjs autodiff + SGD step for step on mini-batches (biased MF)', async () => {
    const { initial, fusedWeights, referenceWeights } = await trainBoth(true, 'sgd', 0.5, 64, 40);
    expect(maxChange(initial, fusedWeights)).toBeGreaterThan(0.05); // it did learn
    expect(maxDifference(fusedWeights, referenceWeights)).toBeLessThan(2e-4);
  });

  it('matches tfjs autodiff + Adam when every row is in every batch (lazy = dense Adam)', async () => {
    const { initial, fusedWeights, referenceWeights } = await trainBoth(true, 'adam', 0.01, n, 25);
    expect(maxChange(initial, fusedWeights)).toBeGreaterThan(0.05);
    expect(maxDifference(fusedWeights, referenceWeights)).toBeLessThan(2e-3);
  });

  it('plain MF keeps μ and the biases at zero and matches autodiff', async () => {
    const { fusedWeights, referenceWeights } = await trainBoth(false, 'sgd', 0.5, 64, 40);
    expect(fusedWeights.globalMean).toBe(0);
    expect(fusedWeights.userBias.every((b) => b === 0)).toBe(true);
    expect(fusedWeights.movieBias.every((b) => b === 0)).toBe(true);
    expect(maxDifference(fusedWeights, referenceWeights)).toBeLessThan(2e-4);
  });

  it('follows the autodiff loss trajectory with lazy Adam on mini-batches', async () => {
    const config = sgdTestConfig({ factors: 4, batchSize: 128, epochs: 6, learningRate: 0.01 });
    const fused = await trainModel(split, size, dataset.ratingScale, config, {}, device);
    const reference = await trainModel(split, size, dataset.ratingScale, config);
    expect(fused.engine).toBe('webgpu-fused');
    expect(reference.engine).toBe('tfjs-autodiff');
    fused.history.forEach((epoch, e) => {
      expect(Math.abs(epoch.trainRmse - reference.history[e].trainRmse)).toBeLessThan(0.03);
      expect(Math.abs(epoch.testRmse - reference.history[e].testRmse)).toBeLessThan(0.03);
    });
    expect(fused.history[5].trainRmse).toBeLessThan(fused.history[0].trainRmse - 0.1);
    fused.model.dispose();
    reference.model.dispose();
  });

  it('predicts μ + b_u + b_i + p·q clipped to the scale, as the CPU scorer does', async () => {
    const initial = initialMfWeights({ ...size, factors: 4 }, 3.5, 0.8, 1);
    const trainer = new WebGpuMfTrainer(device as GPUDevice, initial, {
      useBias: true,
      optimizer: 'adam',
      regularization: 0,
      maxBatchSize: 8,
    });
    const predicted = await trainer.predict(split.test, { min: 0.5, max: 5 });
    trainer.dispose();
    for (let j = 0; j < predicted.length; j++) {
      const u = split.test.user[j];
      const i = split.test.movie[j];
      let dot = 0;
      for (let f = 0; f < 4; f++) dot += initial.userFactors[u * 4 + f] * initial.movieFactors[i * 4 + f];
      expect(predicted[j]).toBeCloseTo(Math.min(5, Math.max(0.5, 3.5 + dot)), 5);
    }
  });

  it('an epoch planned in pieces gives the weights of the same batches stepped one by one', async () => {
    const batchSize = 16;
    const initial = initialMfWeights({ ...size, factors: 20 }, meanRating(train), 0.1, 4);
    const options = { useBias: true, optimizer: 'adam' as const, regularization: 0.05, maxBatchSize: batchSize };
    // 3 steps per piece: pieces and submissions end mid-epoch, the last batch is short.
    // One update thread per row (k 20: 6 vec4s, two passes of 4 over the occurrences) against one
    // thread per vec4: the same sums in the same order.
    const planned = new WebGpuMfTrainer(device as GPUDevice, initial, { ...options, planRatings: 3 * batchSize, columnsPerThread: 24 });
    const stepped = new WebGpuMfTrainer(device as GPUDevice, initial, { ...options, columnsPerThread: 1 });
    const plannedBatches = new BatchSource(train, batchSize, 11);
    const steppedBatches = new BatchSource(train, batchSize, 11);
    expect(n % batchSize).not.toBe(0);
    const progress: number[] = [];
    for (const trainer of [planned, stepped]) trainer.setLearningRate(0.02);
    for (let epoch = 0; epoch < 2; epoch++) {
      plannedBatches.shuffle();
      steppedBatches.shuffle();
      const run = await planned.trainEpoch(plannedBatches, { shouldStop: () => false, onProgress: (done) => progress.push(done) });
      expect(run).toEqual({ steps: plannedBatches.batchCount, stopped: false });
      await stepThroughEpoch(stepped, steppedBatches, { shouldStop: () => false });
    }
    // Progress counts completed submissions (3 steps, then the piece's rest), up to every step
    // of each epoch, rising within an epoch.
    const perEpoch = Math.ceil(plannedBatches.batchCount / 3);
    expect(progress.length).toBe(2 * perEpoch);
    for (const epoch of [progress.slice(0, perEpoch), progress.slice(perEpoch)]) {
      expect(epoch.at(-1)).toBe(plannedBatches.batchCount);
      expect(epoch.every((done, i) => i === 0 || done > epoch[i - 1]!)).toBe(true);
    }
    const a = await planned.readWeights();
    const b = await stepped.readWeights();
    expect(maxChange(initial, a)).toBeGreaterThan(0.05);
    expect(maxDifference(a, b)).toBeLessThan(1e-6);
    planned.dispose();
    stepped.dispose();
  });

  it('stops a planned epoch between pieces when asked, keeping the steps that ran', async () => {
    const trainer = new WebGpuMfTrainer(device as GPUDevice, initialMfWeights({ ...size, factors: 4 }, 3.5, 0.1, 2), {
      useBias: true,
      optimizer: 'adam',
      regularization: 0.05,
      maxBatchSize: 8,
      planRatings: 16,
    });
    trainer.setLearningRate(0.01);
    const batches = new BatchSource(train, 8, 3);
    batches.shuffle();
    let polls = 0;
    const run = await trainer.trainEpoch(batches, { shouldStop: () => ++polls > 2 });
    expect(run).toEqual({ steps: 4, stopped: true }); // two pieces of two steps
    trainer.dispose();
  });

  it('needs 2 dispatches per step, whatever the table size, and frees every GPU buffer', async () => {
    const prototype = (globalThis as unknown as { GPUComputePassEncoder: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder
      .prototype;
    const original = prototype.dispatchWorkgroups;
    let dispatches = 0;
    prototype.dispatchWorkgroups = function (
      this: GPUComputePassEncoder,
      ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>
    ) {
      dispatches++;
      return original.apply(this, args);
    };
    try {
      for (const movieCount of [size.movieCount, 50_000]) {
        const initial = initialMfWeights({ userCount: size.userCount, movieCount, factors: 8 }, 3.5, 0.1, 1);
        const trainer = new WebGpuMfTrainer(device as GPUDevice, initial, {
          useBias: true,
          optimizer: 'adam',
          regularization: 0.05,
          maxBatchSize: 256,
        });
        const buffersAfterCreate = trainer.liveBufferCount;
        const bytesAfterCreate = trainer.liveBufferBytes;
        // The table (users + movies rows, 4-byte floats) and Adam's two moments of the same size.
        expect(bytesAfterCreate).toBeGreaterThanOrEqual(3 * (size.userCount + movieCount) * 8 * 4);
        dispatches = 0;
        runSteps(trainer, 256, 10);
        await trainer.predict(split.test, { min: 0.5, max: 5 });
        trainer.saveBest();
        runSteps(trainer, 256, 10);
        await trainer.finished();
        expect(dispatches).toBe(2 * 20 + 1);
        expect(trainer.liveBufferCount).toBe(buffersAfterCreate + 1); // + the best-weights copy
        expect(trainer.liveBufferBytes).toBeGreaterThan(bytesAfterCreate);
        trainer.dispose();
        expect(trainer.liveBufferCount).toBe(0);
        expect(trainer.liveBufferBytes).toBe(0);
      }
    } finally {
      prototype.dispatchWorkgroups = original;
    }
  });

  it('holds no tensors and no buffers after two trainings in a row, and early stopping keeps the best epoch', async () => {
    const before = tf.memory().numTensors;
    // Every GPU buffer made during training must be destroyed by its end.
    const live = new Set<GPUBuffer>();
    const gpuDevice = device as GPUDevice;
    const createBuffer = gpuDevice.createBuffer.bind(gpuDevice);
    gpuDevice.createBuffer = (descriptor: GPUBufferDescriptor) => {
      const buffer = createBuffer(descriptor);
      live.add(buffer);
      return buffer;
    };
    const bufferPrototype = (globalThis as unknown as { GPUBuffer: { prototype: GPUBuffer } }).GPUBuffer.prototype;
    const destroy = bufferPrototype.destroy;
    bufferPrototype.destroy = function (this: GPUBuffer) {
      live.delete(this);
      return destroy.call(this);
    };
    const config = sgdTestConfig({
      factors: 8,
      batchSize: 64,
      epochs: 12,
      earlyStoppingPatience: 2,
      learningRate: 0.05,
      regularization: 0,
    });
    for (let run = 0; run < 2; run++) {
      const outcome = await trainModel(split, size, dataset.ratingScale, config, {}, device);
      // Without regularisation on this little data the test RMSE turns up, and training stops.
      expect(outcome.history.length).toBeLessThan(12);
      expect(outcome.keptEpoch).toBe(outcome.bestEpoch);
      // The kept epoch is validation's best; the figure reported is the test RMSE of that epoch.
      const best = outcome.history.reduce((a, m) => (m.validationRmse < a.validationRmse ? m : a));
      expect(outcome.bestEpoch).toBe(best.epoch);
      expect(outcome.reportedTestRmse).toBe(best.testRmse);
      const scores = await outcome.model.scoreAllMovies(0);
      expect(scores.length).toBe(size.movieCount);
      outcome.model.dispose();
      expect(live.size).toBe(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    gpuDevice.createBuffer = createBuffer;
    bufferPrototype.destroy = destroy;
    // The kept model is the chosen epoch's: its test RMSE is the one reported.
    const again = await trainModel(split, size, dataset.ratingScale, config, {}, device);
    const weights = (again.model as unknown as { weights: MatrixFactorizationWeights }).weights;
    const check = new WebGpuMfTrainer(device as GPUDevice, weights, {
      useBias: true,
      optimizer: 'sgd',
      regularization: 0,
      maxBatchSize: 1,
    });
    const testRmse = rmse(await check.predict(split.test, dataset.ratingScale), split.test.rating);
    check.dispose();
    expect(testRmse).toBeCloseTo(again.reportedTestRmse, 4);
  });
});
