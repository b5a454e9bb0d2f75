import { DEFAULT_IALS_CONFIG, type IalsConfig } from '../../recsys/models/ials';
import type { TrainTestSplit } from '../../recsys/split';
import type { CpuRankerEngine } from '../../recsys/engines/ranker-trainer';
import { SCOUT_FACTORS } from '../../recsys/ranker-curve';
import { trainRanker, type RankerHooks, type RankerOutcome } from '../../recsys/train-ranker';
import { canStartSolverWorkers, ialsThreads, PARALLEL_IALS_MIN_RATINGS, ParallelIalsTrainer, startSolverWorker } from './parallel-ials';
import type { TrainingConfig } from '../../recsys/training-config';
import type { RankerInfo, RankerReport } from '../api';
import type { Job } from '../job';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { adoptRanker, rankerFileFor } from './ranker-service';
import type { TrainingProgressReporter } from './training-progress';

/** The ranking model's settings for a training: the defaults with the config's overrides. */
export function rankerConfig(config: TrainingConfig): IalsConfig {
  return { ...DEFAULT_IALS_CONFIG, seed: config.seed, ...config.rankerSettings };
}

/**
 * Trains the ranking model on the split's training ratings, before the rating model, as part of
 * the same job (Stop ends it after the current sweep and keeps what it has), and makes it
 * current. Live reports go to `onRanker`.
 */
export async function trainRankerFor(
  context: WorkerContext,
  job: Job,
  data: LoadedData,
  split: TrainTestSplit,
  config: TrainingConfig,
  onRanker: (report: RankerReport) => void,
  progress: TrainingProgressReporter | undefined,
  /** The WebGPU device to solve on, or undefined for the CPU engine (engine-choice.ts). */
  device: GPUDevice | undefined,
  /** Why the CPU engine was chosen where a device exists. */
  engineNote: string | undefined,
  onEarlyModel?: RankerHooks['onEarlyModel'],
): Promise<{ outcome: RankerOutcome; info: RankerInfo }> {
  const { dataset } = data;
  const ialsConfig = rankerConfig(config);
  const threads = canStartSolverWorkers() && split.train.rating.length >= PARALLEL_IALS_MIN_RATINGS ? ialsThreads() : 1;
  const engineNoteWith = (note: string | undefined, engine: string) =>
    engine === 'cpu-ials' && threads > 1 ? `${note ? `${note}; ` : ''}on ${threads} threads` : note;
  const outcome = await trainRanker(split.train, { userCount: dataset.users.size, movieCount: dataset.movies.size }, ialsConfig, device, {
    cpuEngine: cpuEngineFor(threads),
    onStart: (start) => onRanker({ jobId: job.id, type: 'start', ...start, note: engineNoteWith(engineNote ?? start.note, start.engine) }),
    ...(onEarlyModel && { onEarlyModel }),
    onIteration: (metrics) => onRanker({ jobId: job.id, type: 'iteration', ...metrics }),
    shouldStop: () => job.cancelled,
    yieldBetweenIterations: nextMacrotask,
    onProgress: ({ phase, iteration, halvesDone, totalHalves, elapsedMs }) =>
      progress?.report({
        phase: 'ranking-model',
        label:
          phase === 'scout'
            ? `First picks: a small ranking model (k ${SCOUT_FACTORS}), sweep ${iteration}`
            : `Ranking model: sweep ${iteration} of ${totalHalves / 2} (${phase === 'refit' ? 'refit on all training ratings' : 'validation'})`,
        done: halvesDone,
        total: totalHalves,
        unit: 'half-sweeps',
        elapsedMs,
      }),
  });
  // The kept model is the last phase's (the refit, or the validation run when stopped before it).
  const lastPhase = outcome.history.at(-1)?.phase;
  const file = rankerFileFor(data, outcome.model, ialsConfig, {
    iterations: outcome.history.filter((metrics) => metrics.phase === lastPhase).length,
    validationNdcg: outcome.bestValidation?.ndcgAtK ?? null,
    history: outcome.history,
  });
  return { outcome, info: adoptRanker(context, data, file, 'trained') };
}

/** The CPU engine on `threads` threads (this one and solver workers); undefined: this thread alone. */
function cpuEngineFor(threads: number): CpuRankerEngine | undefined {
  if (threads <= 1) return undefined;
  return (data, config, initial) =>
    new ParallelIalsTrainer(
      data,
      config,
      initial,
      Array.from({ length: threads - 1 }, (_, i) => startSolverWorker(i + 1)),
    );
}
