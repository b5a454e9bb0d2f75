import { sgdTestConfig } from '../test-support/sgd-test-config';
import { generateDemoCsv, type DemoDataOptions } from '../recsys/demo-data';
import { type TrainingConfig } from '../recsys/training-config';
import type { EngineName, EpochMetrics, RankerReport, RecommenderWorkerApi, TrainingProgress, TrainingStart } from './api';
import { ComputeBackend } from './backend';
import { MemoryStorage } from './storage/memory-storage';
import { createWorkerApi } from './worker-api';

/** The worker's API as the page gets it, over in-memory storage and tfjs's CPU backend: for
 * unit tests of the services in Node. */
export async function testWorker(storage = new MemoryStorage()): Promise<{ api: RecommenderWorkerApi; storage: MemoryStorage }> {
  const api = createWorkerApi(storage, new ComputeBackend());
  const backend = await api.initBackend('cpu');
  if (!backend.ok || backend.backend !== 'cpu') throw new Error('the CPU backend did not start');
  return { api, storage };
}

/** Small MovieLens-shaped files from the demo generator. */
export function smallMovieLensFiles(
  options: DemoDataOptions = { seed: 5, userCount: 60, movieCount: 120, meanRatingsPerUser: 30 },
): File[] {
  const csv = generateDemoCsv(options);
  return [new File([csv.moviesCsv], 'movies.csv'), new File([csv.ratingsCsv], 'ratings.csv')];
}

/** A quick training of the small files: few factors and epochs. */
export const QUICK_TRAINING: TrainingConfig = sgdTestConfig({
  epochs: 2,
  factors: 8,
  batchSize: 256,
  rankerSettings: { factors: 8, iterations: 4 },
});

/** Trains with callbacks that ignore what they are told. */
export function trainQuietly(api: RecommenderWorkerApi, config: TrainingConfig = QUICK_TRAINING) {
  const ignore = () => undefined;
  return api.train(config, ignore, ignore, ignore, ignore, ignore);
}

/** Training callbacks that record what they are told. */
export function recordingCallbacks() {
  const starts: TrainingStart[] = [];
  const epochs: (EpochMetrics & { jobId: number })[] = [];
  const engines: EngineName[] = [];
  const rankerReports: RankerReport[] = [];
  const progress: TrainingProgress[] = [];
  /** Every callback in the order it came: 'start', 'epoch', 'engine', 'ranker:<type>'. */
  const sequence: string[] = [];
  return {
    sequence,
    starts,
    epochs,
    engines,
    rankerReports,
    progress,
    onStart: (start: TrainingStart) => void (sequence.push('start'), starts.push(start)),
    onEpoch: (metrics: EpochMetrics & { jobId: number }) => void (sequence.push('epoch'), epochs.push(metrics)),
    onEngine: (engine: EngineName) => void engines.push(engine),
    onRanker: (report: RankerReport) => void (sequence.push(`ranker:${report.type}`), rankerReports.push(report)),
    onProgress: (report: TrainingProgress) => void progress.push(report),
  };
}
