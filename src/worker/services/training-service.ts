import { fitBiasBaseline, predictBaseline } from '../../recsys/baseline';
import { MfRecommenderModel } from '../../recsys/engines/trainer';
import { rmse } from '../../recsys/metrics';
import type { ModelFile } from '../../recsys/model-file';
import { evaluateRanking } from '../../recsys/ranking-evaluation';
import { givenSplit, randomSplit } from '../../recsys/split';
import { trainModel } from '../../recsys/train';
import type {
  EngineName,
  EpochMetrics,
  Failure,
  RankerReport,
  TrainingConfig,
  TrainingOutcome,
  TrainingProgress,
  TrainingStart,
} from '../api';
import type { Job } from '../job';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { modelFileFor, persistModelFile } from './model-service';
import { trainRankerFor } from './ranker-training';
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
  // A lost device cannot be used again: training (or resuming) starts a new WebGPU backend first.
  if (backend.gpuLostReason) await backend.recoverWebGpu();
  await backend.ready();
  const { dataset } = data;
  const split = dataset.givenSplit
    ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
    : randomSplit(dataset.ratings, config.testFraction, config.seed);
  const baseline = fitBiasBaseline(split.train, dataset.users.size, dataset.movies.size);
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
  const kind = config.model === 'mf' ? 'mf' : 'biased-mf';
  const history: EpochMetrics[] = [...(checkpoint?.header.history ?? [])];
  const progress = new TrainingProgressReporter(job.id, callbacks.onProgress ?? (() => undefined));
  const outcome = await trainModel(
    split,
    { userCount: dataset.users.size, movieCount: dataset.movies.size },
    dataset.ratingScale,
    config,
    {
      onEngine: callbacks.onEngine,
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
    backend.gpuDevice,
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
  // The ranking model follows the rating model in the same job, unless Stop came first.
  const ranker =
    config.ranker === 'ials' && !outcome.stopped
      ? await trainRankerFor(context, job, data, split, config, callbacks.onRanker, progress)
      : undefined;
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
    state: outcome.stopped || ranker?.outcome.stopped ? 'stopped' : 'done',
    engine: outcome.engine,
    history: outcome.history,
    keptEpoch: outcome.keptEpoch,
    bestEpoch: outcome.bestEpoch,
    reportedTestRmse: outcome.reportedTestRmse,
    validationRmse: outcome.validationRmse,
    ...(outcome.refit && { refit: outcome.refit }),
    model: info,
    ranking,
    ...(ranker && {
      ranker: ranker.info,
      rankerEngine: ranker.outcome.engine,
      rankerDispatches: ranker.outcome.dispatches,
      rankerHistory: ranker.outcome.history,
    }),
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
