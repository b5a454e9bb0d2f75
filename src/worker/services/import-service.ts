import { summarize } from '../../recsys/dataset';
import { generateDemoCsv } from '../../recsys/demo-data';
import { buildDataset, DatasetBuilder, type ImportResult } from '../../recsys/import/build-dataset';
import { ImportError } from '../../recsys/import/import-problem';
import { ImportCancelled, readSources, type ByteSource } from '../../recsys/import/read-sources';
import { fromStored, toStored, type StoredDataset } from '../../recsys/import/stored-dataset';
import type { Failure, ImportOutcome, ImportProgress, Outcome } from '../api';
import type { Job } from '../job';
import { fingerprintFiles } from '../storage/file-fingerprint';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';

/** Progress reports at most this often: each one is a message to the page. */
export const PROGRESS_INTERVAL_MS = 100;
const DEMO_FINGERPRINT = 'demo-data:v1';

type ProgressListener = (progress: ImportProgress) => void;

/** Dropped files: from storage when the same files were imported before, else parsed. */
export function importFiles(context: WorkerContext, files: readonly File[], onProgress: ProgressListener): Promise<ImportOutcome> {
  return runImport(context, async (job) => {
    const started = performance.now();
    const fingerprint = await fingerprintFiles(files).catch(() => undefined);
    const cached = fingerprint ? fromStoredSafely(await context.storage.loadDataset(fingerprint).catch(() => undefined)) : undefined;
    if (cached && fingerprint) {
      await context.storage.markLast(fingerprint).catch(() => undefined);
      context.session.datasetSaved = Promise.resolve(true);
      return makeCurrent(context, cached, { fromCache: true, seconds: secondsSince(started), fingerprint });
    }
    const name = files.map((f) => f.name).join(' + ');
    const { result, seconds } = await importStreaming(job, files, new DatasetBuilder(name), onProgress);
    const outcome = await makeCurrent(context, result, { fromCache: false, seconds, fingerprint });
    if (fingerprint) saveInBackground(context, result, fingerprint);
    return outcome;
  });
}

/** A split made elsewhere: train files and test files. Not stored (it is not one dataset). */
export function importGivenSplit(
  context: WorkerContext,
  trainFiles: readonly File[],
  testFiles: readonly File[],
  onProgress: ProgressListener,
): Promise<ImportOutcome> {
  return runImport(context, async (job) => {
    const name = `${trainFiles.map((f) => f.name).join(' + ')} | ${testFiles.map((f) => f.name).join(' + ')}`;
    const builder = new DatasetBuilder(name, true);
    const { result, seconds } = await importStreaming(job, [...trainFiles, ...testFiles], builder, onProgress);
    return makeCurrent(context, result, { fromCache: false, seconds, fingerprint: undefined });
  });
}

export function importDemo(context: WorkerContext): Promise<ImportOutcome> {
  return runImport(context, async () => {
    const started = performance.now();
    const demo = generateDemoCsv();
    const result = buildDataset(
      [
        { name: 'demo movies.csv', text: demo.moviesCsv },
        { name: 'demo ratings.csv', text: demo.ratingsCsv },
      ],
      'Demo data (synthetic)',
    );
    saveInBackground(context, result, DEMO_FINGERPRINT);
    return makeCurrent(context, result, { fromCache: false, seconds: secondsSince(started), fingerprint: DEMO_FINGERPRINT });
  });
}

/** The dataset of the last visit, when nothing is loaded or in flight. */
export async function restoreLastDataset(context: WorkerContext): Promise<ImportOutcome> {
  const { session, jobs, storage } = context;
  const busy = jobs.busyFailure('import');
  if (busy) return busy;
  if (session.data) return { ok: false, code: 'busy', message: 'A dataset is already loaded.' };
  const started = performance.now();
  const stored = await storage.loadLastDataset().catch(() => undefined);
  const restored = fromStoredSafely(stored);
  if (!stored || !restored) return { ok: false, code: 'not-found', message: 'No dataset is kept in this browser.' };
  // An import may have finished while storage was read: it wins.
  if (session.data) return { ok: false, code: 'busy', message: 'A dataset is already loaded.' };
  session.datasetSaved = Promise.resolve(true);
  return makeCurrent(context, restored, { fromCache: true, seconds: secondsSince(started), fingerprint: stored.fingerprint });
}

/** Deletes everything stored and unloads the dataset (and its model). */
export async function forgetData(context: WorkerContext): Promise<Outcome> {
  const busy = context.jobs.busyFailure('import');
  if (busy) return busy;
  await context.session.datasetSaved;
  await context.storage.forgetAll();
  context.session.clearDataset();
  return { ok: true };
}

/** Runs an import as the one job in flight, turning its expected failures into answers. */
async function runImport(context: WorkerContext, body: (job: Job) => Promise<ImportOutcome>): Promise<ImportOutcome> {
  return context.jobs.run('import', async (job): Promise<ImportOutcome> => {
    try {
      return await body(job);
    } catch (error) {
      return importFailure(error);
    }
  });
}

function importFailure(error: unknown): Failure {
  if (error instanceof ImportError) return { ok: false, code: 'bad-file', message: error.message, problem: error.problem };
  if (error instanceof ImportCancelled) return { ok: false, code: 'cancelled', message: 'Import cancelled.' };
  throw error;
}

/** Makes a result the current dataset (a model of the old one is dropped) and brings back the
 * person's own ratings of it. */
async function makeCurrent(
  { session, storage }: WorkerContext,
  { dataset, report }: ImportResult,
  how: { fromCache: boolean; seconds: number; fingerprint: string | undefined },
): Promise<ImportOutcome> {
  const stored = how.fingerprint ? await storage.loadPersonalRatings(how.fingerprint).catch(() => []) : [];
  const myRatings = new Map(stored.filter(([movieId]) => dataset.movies.indexOf(movieId) !== undefined));
  const loaded = session.replaceDataset(dataset, how.fingerprint, myRatings);
  return { ok: true, datasetId: loaded.id, summary: summarize(dataset), report, fromCache: how.fromCache, seconds: how.seconds };
}

/** Stores the dataset for the next visit, in the background (it can be hundreds of MB), after
 * the import's answer has gone to the page. */
function saveInBackground({ session, storage }: WorkerContext, result: ImportResult, fingerprint: string): void {
  session.datasetSaved = nextMacrotask()
    .then(() => storage.saveDataset(toStored(result.dataset, result.report, fingerprint)))
    .then(
      () => true,
      () => false, // no storage (private window, quota): the app works, it just re-imports next time
    );
}

function fileSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    async *chunks() {
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** Streams files into a new dataset with progress and cancellation; the current dataset stays
 * until the new one is complete. */
async function importStreaming(
  job: Job,
  files: readonly File[],
  builder: DatasetBuilder,
  onProgress: ProgressListener,
): Promise<{ result: ImportResult; seconds: number }> {
  const started = performance.now();
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let reported = 0;
  const report = (bytesRead: number, stage: string) => {
    const seconds = secondsSince(started);
    onProgress({
      jobId: job.id,
      stage,
      fraction: totalBytes > 0 ? bytesRead / totalBytes : 1,
      bytesRead,
      totalBytes,
      rowsRead: builder.rowsRead,
      rowsPerSecond: seconds > 0 ? builder.rowsRead / seconds : 0,
    });
  };
  report(0, 'Reading');
  await readSources(builder, files.map(fileSource), {
    onBytes: (bytesRead) => {
      const now = performance.now();
      if (now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      report(bytesRead, 'Reading');
    },
    isCancelled: () => job.cancelled,
  });
  report(totalBytes, 'Indexing ratings');
  const result = builder.finish();
  // A Cancel that came in while the last step ran still wins: nothing is replaced.
  await nextMacrotask();
  if (job.cancelled) throw new ImportCancelled('import cancelled');
  return { result, seconds: secondsSince(started) };
}

function fromStoredSafely(stored: StoredDataset | undefined): ImportResult | undefined {
  try {
    return stored ? fromStored(stored) : undefined;
  } catch {
    return undefined; // a damaged or old stored copy: import afresh
  }
}

function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
