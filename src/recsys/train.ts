import { BatchSource } from './batch-source';
import type { RatingScale } from './dataset';
import { meanRating } from './dataset';
import { createTrainer } from './engines/create-trainer';
import type { EngineName, RecommenderModel } from './engines/trainer';
import type { MatrixFactorizationWeights } from './models/mf-weights';
import { rmse } from './metrics';
import type { TrainTestSplit } from './split';
import type { TrainingConfig } from './training-config';

export type { TrainingConfig } from './training-config';
export { BatchSource } from './batch-source';

export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  readonly trainRmse: number;
  readonly testRmse: number;
  /** Wall time of the whole epoch: steps and evaluation. */
  readonly durationMs: number;
  /** Wall time of the epoch's optimisation steps alone (to the GPU's completion). */
  readonly trainMs: number;
  readonly steps: number;
  /** The learning rate used in this epoch (the bold driver changes it between epochs). */
  readonly learningRate: number;
}

export interface TrainingHooks {
  /** Which engine trains, and why a faster one was not used (once, before the first epoch). */
  readonly onEngine?: (engine: EngineName, note: string | undefined) => void;
  /** Called after every finished epoch, in order. */
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  /** Polled between steps; true ends training after the current step. */
  readonly shouldStop?: () => boolean;
  /** Inside an epoch: steps known to have run of the epoch's total (as often as the engine
   * learns it; callers throttle what they show). */
  readonly onStepProgress?: (progress: StepProgress) => void;
  /** After each epoch, the MF weights of that epoch (not called for the MLP): for checkpoints. */
  readonly onEpochWeights?: (weights: MatrixFactorizationWeights, metrics: EpochMetrics) => void;
  /** Lets messages (e.g. a Stop) in between steps; the worker passes a macrotask yield. */
  readonly yieldBetweenSteps?: () => Promise<void>;
}

export interface StepProgress {
  readonly epoch: number;
  readonly stepsDone: number;
  readonly totalSteps: number;
  /** Ratings those steps covered. */
  readonly ratingsDone: number;
  /** Since the epoch's first step. */
  readonly elapsedMs: number;
}

export interface TrainingOutcome {
  readonly model: RecommenderModel;
  readonly engine: EngineName;
  readonly history: readonly EpochMetrics[];
  readonly stopped: boolean;
  /** The epoch whose weights `model` holds: the best one when early stopping is on. */
  readonly keptEpoch: number;
  readonly bestEpoch: number;
  readonly bestTestRmse: number;
}

export interface ModelSize {
  readonly userCount: number;
  readonly movieCount: number;
}

/** Bold driver: "raise the rate a little while the loss falls, halve it when it rises". */
export const BOLD_DRIVER = { increase: 1.05, decrease: 0.5, minFactor: 0.01, maxFactor: 10 } as const;

/**
 * Trains one model one epoch at a time: shuffle, one step per mini-batch (queued on the device,
 * never read back), then train and test RMSE over the whole splits, reported through `onEpoch`.
 * Then the schedule adjusts the learning rate and early stopping decides whether to go on.
 * The same loop drives the UI chart, the tests and the bench.
 */
export async function trainModel(
  split: TrainTestSplit,
  size: ModelSize,
  scale: RatingScale,
  config: TrainingConfig,
  hooks: TrainingHooks = {},
  gpuDevice?: GPUDevice,
  /** Go on from a checkpoint: its MF weights and the epochs it finished (optimiser state restarts). */
  resumeFrom?: { readonly weights: MatrixFactorizationWeights; readonly history: readonly EpochMetrics[] },
): Promise<TrainingOutcome> {
  const { trainer, note } = createTrainer(config, {
    ...size,
    globalMean: meanRating(split.train),
    gpuDevice,
    initialWeights: resumeFrom?.weights,
  });
  hooks.onEngine?.(trainer.engine, note);
  const batches = new BatchSource(split.train, config.batchSize, config.seed);
  const earlyStopping = config.earlyStoppingPatience > 0;
  const history: EpochMetrics[] = [...(resumeFrom?.history ?? [])];
  let learningRate = history[history.length - 1]?.learningRate ?? config.learningRate;
  let stopped = false;
  let best = { epoch: 0, testRmse: Number.POSITIVE_INFINITY };
  for (const m of history) if (m.testRmse < best.testRmse) best = { epoch: m.epoch, testRmse: m.testRmse };
  // Only weights actually kept can be gone back to: a resumed run starts with the checkpoint's.
  let bestSaved = false;
  if (resumeFrom && earlyStopping && best.epoch === history.length) {
    trainer.saveBest();
    bestSaved = true;
  }
  try {
    for (let epoch = history.length + 1; epoch <= config.epochs; epoch++) {
      trainer.setLearningRate(learningRate);
      const started = performance.now();
      batches.shuffle();
      const run = await trainer.trainEpoch(batches, {
        shouldStop: () => hooks.shouldStop?.() ?? false,
        yieldToMessages: hooks.yieldBetweenSteps,
        onProgress: (stepsDone, totalSteps) =>
          hooks.onStepProgress?.({
            epoch,
            stepsDone,
            totalSteps,
            ratingsDone: Math.min(stepsDone * batches.batchSize, batches.ratingCount),
            elapsedMs: performance.now() - started,
          }),
      });
      const steps = run.steps;
      stopped = run.stopped;
      if (stopped) break; // a partial epoch is kept in the weights but not reported
      const trainMs = performance.now() - started;
      const trainRmse = rmse(await trainer.predict(split.train, scale), split.train.rating);
      const testRmse = rmse(await trainer.predict(split.test, scale), split.test.rating);
      const metrics: EpochMetrics = {
        epoch,
        trainRmse,
        testRmse,
        durationMs: performance.now() - started,
        trainMs,
        steps,
        learningRate,
      };
      const previous = history[history.length - 1];
      history.push(metrics);
      hooks.onEpoch?.(metrics);
      if (hooks.onEpochWeights && trainer.readMfWeights) hooks.onEpochWeights(await trainer.readMfWeights(), metrics);

      if (testRmse < best.testRmse) {
        best = { epoch, testRmse };
        if (earlyStopping) {
          trainer.saveBest();
          bestSaved = true;
        }
      }
      if (config.schedule === 'bold-driver' && previous) {
        const improved = trainRmse < previous.trainRmse; // NaN (diverged) counts as worse
        learningRate *= improved ? BOLD_DRIVER.increase : BOLD_DRIVER.decrease;
        learningRate = Math.min(
          config.learningRate * BOLD_DRIVER.maxFactor,
          Math.max(config.learningRate * BOLD_DRIVER.minFactor, learningRate),
        );
      }
      if (earlyStopping && epoch - best.epoch >= config.earlyStoppingPatience) break;
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
    let keptEpoch = history.length;
    if (earlyStopping && bestSaved && best.epoch !== keptEpoch) {
      trainer.restoreBest();
      keptEpoch = best.epoch;
    }
    const model = await trainer.takeModel();
    return {
      model,
      engine: trainer.engine,
      history,
      stopped,
      keptEpoch,
      bestEpoch: best.epoch,
      bestTestRmse: best.epoch > 0 ? best.testRmse : Number.NaN,
    };
  } catch (error) {
    trainer.dispose();
    throw error;
  }
}
