import { fitBiasBaseline, predictBaseline } from '../../recsys/baseline';
import { adapterKindOf, chooseEngines } from '../../recsys/engines/engine-choice';
import { MfRecommenderModel } from '../../recsys/engines/trainer';
import { rmse } from '../../recsys/metrics';
import type { ModelFile } from '../../recsys/model-file';
import type { IalsModel } from '../../recsys/models/ials';
import { evaluateRanking } from '../../recsys/ranking-evaluation';
import { givenSplit, randomSplit } from '../../recsys/split';
import { trainModel } from '../../recsys/train';
import type {
  EngineName,
  EpochMetrics,
  Failure,
  FirstPicksPhase,
  ModelInfo,
  RankerInfo,
  RankerReport,
  TrainingConfig,
  TrainingOutcome,
  TrainingProgress,
  TrainingResult,
  TrainingStart,
} from '../api';
import type { Job } from '../job';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { modelFileFor, persistModelFile } from './model-service';
import { rankerConfig, trainRankerFor } from './ranker-training';
import { adoptBaseline, baselineWeights, earlyProgress, rankerResult, stoppedBeforeRatingModel } from './provisional-model';
import { ParallelGibbsSampler, startSamplerWorker } from './parallel-gibbs';
import { canStartSolverWorkers, ialsThreads, PARALLEL_IALS_MIN_RATINGS } from './parallel-ials';
import { adoptRanker, rankerFileFor } from './ranker-service';
import { ratingModelSteps, TrainingProgressReporter } from './training-progress';

export interface TrainingCallbacks {
  readonly onStart: (start: TrainingStart) => void;
  readonly onEpoch: (metrics: EpochMetrics & { readonly jobId: number }) => void;
  readonly onEngine: (engine: EngineName, note: string | undefined) => void;
  readonly onRanker: (report: RankerReport) => void;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/**
 * Trains a model on the loaded dataset as the one job in flight, saving a checkpoint after every
 * epoch (a reload, a crash or a lost GPU keeps the last finished one). `resume` goes on from the
 * last checkpoint with its epochs.
 */
export async function runTraining(
  context: WorkerContext,
  config: TrainingConfig,
  callbacks: TrainingCallbacks,
  resume: boolean,
): Promise<TrainingOutcome> {
  const { session, jobs } = context;
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data before training.' };
  const checkpoint = resume ? session.checkpoint : undefined;
  if (resume && !checkpoint?.header.history?.length) {
    return { ok: false, code: 'nothing-to-resume', message: 'There is no saved epoch to resume from.', resumableEpoch: 0 };
  }
  return jobs.run('training', async (job) => {
    try {
      return await train(context, job, data, config, callbacks, checkpoint);
    } catch (error) {
      return trainingFailure(error, context.backend.gpuLostReason, session.checkpoint?.header.history?.length ?? 0);
    }
  });
}

export function stopTraining({ jobs }: WorkerContext): void {
  jobs.cancel('training');
}

async function train(
  context: WorkerContext,
  job: Job,
  data: LoadedData,
  config: TrainingConfig,
  callbacks: TrainingCallbacks,
  checkpoint: ModelFile | undefined,
): Promise<TrainingOutcome> {
  const { session, backend } = context;
  const started = performance.now();
  const secondsSinceStart = () => (performance.now() - started) / 1000;
  // A lost device cannot be used again: training (or resuming) starts a new WebGPU backend first.
  if (backend.gpuLostReason) await backend.recoverWebGpu();
  const engines = chooseEngines(adapterKindOf(await backend.ready()), config.engine);
  // iALS and Gibbs get the GPU only where it is the faster engine; gradient MF keeps it.
  const rowSolverDevice = engines.gpuForRowSolvers ? backend.gpuDevice : undefined;
  const ratingDevice = config.optimizer === 'gibbs' ? rowSolverDevice : backend.gpuDevice;
  const { dataset } = data;
  const split = dataset.givenSplit
    ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
    : randomSplit(dataset.ratings, config.testFraction, config.seed);
  const shape = { userCount: dataset.users.size, movieCount: dataset.movies.size };
  const baseline = fitBiasBaseline(split.train, shape.userCount, shape.movieCount);
  callbacks.onStart({
    jobId: job.id,
    trainCount: split.train.rating.length,
    testCount: split.test.rating.length,
    baselineTestRmse: rmse(predictBaseline(baseline, split.test, dataset.ratingScale), split.test.rating),
  });
  // The old model goes now (its memory is needed); until this run's first epoch is saved, the
  // checkpoint is the one resumed from (or none).
  session.replaceModel(undefined);
  session.replaceRanker(undefined);
  session.saveCheckpoint(checkpoint);
  const progress = new TrainingProgressReporter(job.id, callbacks.onProgress ?? (() => undefined));

  // The ranking model first: it orders the picks a person came for, and it is the fast part.
  // Its first model good enough to list (on the validation carve) is listed at once, with the
  // bias baseline standing in for the rating model, whose stars come last.
  let provisional: ModelInfo | undefined;
  const listPicks = (phase: FirstPicksPhase, ranker: RankerInfo) => {
    provisional ??= adoptBaseline(session, dataset.name, baseline, shape, config);
    callbacks.onRanker({ jobId: job.id, type: 'picks', phase, model: provisional, ranker, seconds: secondsSinceStart() });
  };
  let firstPicks: { seconds: number; iteration: number; factors: number } | undefined;
  // The early model is kept past its listing only when asked to be measured (it is a whole copy).
  let firstPicksModel: IalsModel | undefined;
  const ranker =
    config.ranker === 'ials'
      ? await trainRankerFor(
          context,
          job,
          data,
          split,
          config,
          callbacks.onRanker,
          progress,
          rowSolverDevice,
          engines.note,
          (early, at) => {
            // The early model may be a scout of fewer factors than the final one (train-ranker.ts).
            const earlyConfig = { ...rankerConfig(config), factors: early.factors };
            const info = adoptRanker(context, data, rankerFileFor(data, early, earlyConfig, earlyProgress(at)), 'trained', false);
            firstPicks = { seconds: secondsSinceStart(), iteration: at.iteration, factors: early.factors };
            if (config.measureFirstPicks) firstPicksModel = early;
            listPicks('early', info);
          },
        )
      : undefined;
  if (ranker && !ranker.outcome.stopped) {
    if (!firstPicks) {
      firstPicks = { seconds: secondsSinceStart(), iteration: ranker.outcome.bestIteration, factors: ranker.outcome.model.factors };
      if (config.measureFirstPicks) firstPicksModel = ranker.outcome.model;
    }
    listPicks('ranker', ranker.info);
  }
  /** When the first picks were listed and, for the bench, how good they were on the test split. */
  const measuredFirstPicks = async (): Promise<TrainingResult['firstPicks']> => {
    if (!firstPicks) return undefined;
    if (!firstPicksModel) return firstPicks;
    const evaluation = await evaluateRanking(split, baselineWeights(baseline, shape), firstPicksModel);
    return { ...firstPicks, ranking: evaluation.picks, popularity: evaluation.popularity };
  };

  if (ranker?.outcome.stopped || job.cancelled) {
    // Stop came during the ranking model: what exists is kept, the rating model is not started.
    const model = provisional ?? adoptBaseline(session, dataset.name, baseline, shape, config);
    return stoppedBeforeRatingModel(model, ranker, await measuredFirstPicks());
  }

  const kind = config.model === 'mf' ? 'mf' : 'biased-mf';
  const history: EpochMetrics[] = [...(checkpoint?.header.history ?? [])];
  // Bayesian MF's CPU row draws on every core for a set large enough to gain from it.
  const gibbsThreads = canStartSolverWorkers() && split.train.rating.length >= PARALLEL_IALS_MIN_RATINGS ? ialsThreads() : 1;
  const withThreads = (note: string | undefined) => (gibbsThreads > 1 ? `${note ? `${note}; ` : ''}on ${gibbsThreads} threads` : note);
  const outcome = await trainModel(
    split,
    shape,
    dataset.ratingScale,
    config,
    {
      onEngine: (engine, note) => callbacks.onEngine(engine, note ?? (engine === 'cpu-gibbs' ? withThreads(engines.note) : undefined)),
      ...(gibbsThreads > 1 && {
        gibbsCpuSampler: (gibbsData, width) =>
          new ParallelGibbsSampler(
            gibbsData,
            width,
            Array.from({ length: gibbsThreads - 1 }, (_, i) => startSamplerWorker(i + 1)),
          ),
      }),
      onEpoch: (metrics) => {
        history.push(metrics);
        callbacks.onEpoch({ ...metrics, jobId: job.id });
      },
      onEpochWeights: (weights, metrics) => {
        const file = modelFileFor(data, weights, kind, config, {
          epochs: metrics.epoch,
          bestTestRmse: metrics.testRmse,
          history: [...history],
        });
        session.saveCheckpoint(file);
        persistModelFile(context, data, file);
      },
      shouldStop: () => job.cancelled,
      yieldBetweenSteps: nextMacrotask,
      onStepProgress: (step) => progress.report(ratingModelSteps(`Epoch ${step.epoch} of ${config.epochs}`, step)),
      // After validation chose the epochs: the same model again on all training ratings.
      onRefitProgress: (step) => progress.report(ratingModelSteps(`Refit on all training ratings: epoch ${step.epoch}`, step)),
    },
    ratingDevice,
    checkpoint?.header.history ? { weights: checkpoint.weights, history: checkpoint.header.history } : undefined,
  );
  const { model } = outcome;
  const summary = { epochs: outcome.keptEpoch, bestTestRmse: outcome.reportedTestRmse, history: outcome.history };
  const file = model instanceof MfRecommenderModel ? modelFileFor(data, model.weights, kind, config, summary) : undefined;
  if (file) persistModelFile(context, data, file);
  const info = session.replaceModel({
    model,
    config,
    file,
    info: {
      kind: model.kind,
      epochs: outcome.keptEpoch,
      bestTestRmse: outcome.reportedTestRmse,
      datasetName: dataset.name,
      savedAt: new Date().toISOString(),
      source: 'trained',
    },
  });
  let ranking: Awaited<ReturnType<typeof evaluateRanking>> | undefined;
  if (model instanceof MfRecommenderModel) {
    const evaluationStarted = performance.now();
    ranking = await evaluateRanking(split, model.weights, ranker?.outcome.model, {
      onUsers: (done, total) =>
        progress.report({
          phase: 'ranking-evaluation',
          label: 'Ranking on the test split',
          done,
          total,
          unit: 'users',
          elapsedMs: performance.now() - evaluationStarted,
        }),
      yieldToMessages: nextMacrotask,
    });
  }
  return {
    ok: true,
    state: outcome.stopped ? 'stopped' : 'done',
    engine: outcome.engine,
    history: outcome.history,
    keptEpoch: outcome.keptEpoch,
    bestEpoch: outcome.bestEpoch,
    reportedTestRmse: outcome.reportedTestRmse,
    validationRmse: outcome.validationRmse,
    ...(outcome.refit && { refit: outcome.refit }),
    model: info,
    ranking,
    ...(ranker && rankerResult(ranker)),
    ...(firstPicks && { firstPicks: await measuredFirstPicks() }),
  };
}

/** A failure during training, said so a person knows what happened and what they can do. */
export function trainingFailure(error: unknown, gpuLostReason: string | undefined, resumableEpoch: number): Failure {
  const detail = error instanceof Error ? error.message : String(error);
  const resume =
    resumableEpoch > 0
      ? ` Epoch ${resumableEpoch} was saved: you can resume from it.`
      : ' No epoch had finished, so there is nothing to resume.';
  if (gpuLostReason) {
    return { ok: false, code: 'gpu-lost', message: `The GPU was lost during training (${gpuLostReason}).${resume}`, resumableEpoch };
  }
  if (/out of memory|OutOfMemory|allocation/i.test(detail)) {
    const message = `The GPU ran out of memory (${detail}). Try fewer factors or a smaller batch.${resume}`;
    return { ok: false, code: 'out-of-memory', message, resumableEpoch };
  }
  return { ok: false, code: 'training-failed', message: `Training stopped with an error: ${detail}.${resume}`, resumableEpoch };
}
