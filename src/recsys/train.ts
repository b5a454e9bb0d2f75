import { BatchSource } from './batch-source';
import type { RatingColumns, RatingScale } from './dataset';
import { meanRating } from './dataset';
import { createTrainer } from './engines/create-trainer';
import type { EngineName } from './engines/trainer';
import type { CpuRowSamplerFactory } from './engines/gibbs-trainer';
import type { MatrixFactorizationWeights } from './models/mf-weights';
import { rmse } from './metrics';
import type { TrainTestSplit } from './split';
import type { EpochMetrics, TrainingOutcome } from './training-outcome';
import type { TrainingConfig } from './training-config';
import { carveValidation } from './validation-carve';

export type { TrainingConfig } from './training-config';
export { BatchSource } from './batch-source';

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
  /** The refit on all training ratings (after validation chose the epochs): its steps and epochs. */
  readonly onRefitProgress?: (progress: StepProgress) => void;
  readonly onRefitEpoch?: (metrics: EpochMetrics) => void;
  /** Where Bayesian MF's CPU row draws run (the worker passes its threads); default: this thread. */
  readonly gibbsCpuSampler?: CpuRowSamplerFactory;
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

export interface ModelSize {
  readonly userCount: number;
  readonly movieCount: number;
}

/** Bold driver: "raise the rate a little while the loss falls, halve it when it rises". */
export const BOLD_DRIVER = { increase: 1.05, decrease: 0.5, minFactor: 0.01, maxFactor: 10 } as const;

/**
 * Trains one model one epoch at a time: shuffle, one step per mini-batch (queued on the device,
 * never read back), then train, validation and test RMSE, reported through `onEpoch`. Then the
 * schedule adjusts the learning rate and early stopping decides whether to go on.
 *
 * Honest by construction: the validation carve (config.validationFraction of the training
 * ratings, seeded) is the only thing early stopping looks at; the test split is measured and
 * shown, never consulted. With `config.refit` the model is then trained again from its seed on
 * all training ratings for the epoch count validation chose (the learning rates of those epochs
 * replayed), as Rendle et al. (2019) do, so the carve costs no training data; the test RMSE of
 * that model is the one reported. The same loop drives the UI chart, the tests and the bench.
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
  const carve = carveValidation(split.train, config.validationFraction, config.seed);
  const chosen = await runEpochs(carve.fit, carve.validation, split.test, size, scale, config, hooks, gpuDevice, resumeFrom);
  const kept = chosen.history[chosen.keptEpoch - 1];
  const validationRmse = kept?.validationRmse ?? Number.NaN;
  if (!carve.validation || !config.refit || chosen.stopped || chosen.keptEpoch === 0) {
    return { ...chosen, reportedTestRmse: kept?.testRmse ?? Number.NaN, validationRmse };
  }
  chosen.model.dispose();
  const started = performance.now();
  const rates = chosen.history.slice(0, chosen.keptEpoch).map((m) => m.learningRate);
  const refit = await runEpochs(
    split.train,
    undefined,
    split.test,
    size,
    scale,
    { ...config, earlyStoppingPatience: 0 },
    {
      onEngine: undefined,
      shouldStop: hooks.shouldStop,
      yieldBetweenSteps: hooks.yieldBetweenSteps,
      onStepProgress: hooks.onRefitProgress,
      onEpoch: hooks.onRefitEpoch,
      ...(hooks.gibbsCpuSampler && { gibbsCpuSampler: hooks.gibbsCpuSampler }),
    },
    gpuDevice,
    undefined,
    rates,
  );
  const last = refit.history[refit.history.length - 1];
  if (refit.stopped || !last) {
    // Stopped during the refit: the refit's partial model is all there is now.
    return { ...chosen, model: refit.model, stopped: true, reportedTestRmse: last?.testRmse ?? Number.NaN, validationRmse };
  }
  return {
    ...chosen,
    model: refit.model,
    reportedTestRmse: last.testRmse,
    validationRmse,
    refit: {
      epochs: refit.history.length,
      steps: refit.history.reduce((sum, m) => sum + m.steps, 0),
      trainRmse: last.trainRmse,
      testRmse: last.testRmse,
      durationMs: performance.now() - started,
    },
  };
}

type EpochsRun = Pick<TrainingOutcome, 'model' | 'engine' | 'history' | 'stopped' | 'keptEpoch' | 'bestEpoch'>;

async function runEpochs(
  fit: RatingColumns,
  validation: RatingColumns | undefined,
  test: RatingColumns,
  size: ModelSize,
  scale: RatingScale,
  config: TrainingConfig,
  hooks: TrainingHooks,
  gpuDevice: GPUDevice | undefined,
  resumeFrom: { readonly weights: MatrixFactorizationWeights; readonly history: readonly EpochMetrics[] } | undefined,
  /** A refit: exactly these epochs' learning rates, no schedule, no early stopping. */
  replayRates?: readonly number[],
): Promise<EpochsRun> {
  const { trainer, note } = createTrainer(config, {
    ...size,
    globalMean: meanRating(fit),
    gpuDevice,
    initialWeights: resumeFrom?.weights,
    train: fit,
    ...(hooks.gibbsCpuSampler && { gibbsCpuSampler: hooks.gibbsCpuSampler }),
  });
  hooks.onEngine?.(trainer.engine, note);
  const batches = new BatchSource(fit, config.batchSize, config.seed);
  const earlyStopping = config.earlyStoppingPatience > 0 && validation !== undefined && replayRates === undefined;
  const epochs = replayRates?.length ?? config.epochs;
  const history: EpochMetrics[] = [...(resumeFrom?.history ?? [])];
  let learningRate = history[history.length - 1]?.learningRate ?? config.learningRate;
  let stopped = false;
  let best = { epoch: 0, validationRmse: Number.POSITIVE_INFINITY };
  for (const m of history) if (m.validationRmse < best.validationRmse) best = { epoch: m.epoch, validationRmse: m.validationRmse };
  // Only weights actually kept can be gone back to: a resumed run starts with the checkpoint's.
  let bestSaved = false;
  if (resumeFrom && earlyStopping && best.epoch === history.length) {
    trainer.saveBest();
    bestSaved = true;
  }
  try {
    for (let epoch = history.length + 1; epoch <= epochs; epoch++) {
      if (replayRates) learningRate = replayRates[epoch - 1]!;
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
      const trainRmse = rmse(await trainer.predict(fit, scale), fit.rating);
      const validationRmse = validation ? rmse(await trainer.predict(validation, scale), validation.rating) : Number.NaN;
      const testRmse = rmse(await trainer.predict(test, scale), test.rating);
      const metrics: EpochMetrics = {
        epoch,
        trainRmse,
        validationRmse,
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

      if (validationRmse < best.validationRmse) {
        best = { epoch, validationRmse };
        if (earlyStopping) {
          trainer.saveBest();
          bestSaved = true;
        }
      }
      if (config.schedule === 'bold-driver' && previous && !replayRates) {
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
    return { model, engine: trainer.engine, history, stopped, keptEpoch, bestEpoch: best.epoch };
  } catch (error) {
    trainer.dispose();
    throw error;
  }
}
