import { summarize } from '../../recsys/dataset';
import { generateDemoCsv } from '../../recsys/demo-data';
import { buildDataset, DatasetBuilder } from '../../recsys/import/build-dataset';
import type { ImportResult } from '../../recsys/import/import-report';
import { ImportError } from '../../recsys/import/import-problem';
import { ImportCancelled, readSources, type ByteSource } from '../../recsys/import/read-sources';
import { fromStored, toStored, type StoredDataset } from '../../recsys/import/stored-dataset';
import type { Failure, ImportOptions, ImportOutcome, ImportProgress, Outcome } from '../api';
import { blobChunks } from '../blob-chunks';
import type { Job } from '../job';
import { fingerprintFiles } from '../storage/file-fingerprint';
import { splitPersonalEntries } from '../storage/storage';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { canStartParseWorkers, clampWorkers, defaultParseWorkers, PARALLEL_MIN_BYTES, ParseWorkerPool } from './parallel-ratings';

/** Progress reports at most this often: each one is a message to the page. */
export const PROGRESS_INTERVAL_MS = 100;
const DEMO_FINGERPRINT = 'demo-data:v1';

type ProgressListener = (progress: ImportProgress) => void;

/** Dropped files: from storage when the same files were imported before, else parsed. */
export function importFiles(
  context: WorkerContext,
  files: readonly File[],
  onProgress: ProgressListener,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
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
    const { result, seconds } = await importStreaming(job, files, new DatasetBuilder(name), onProgress, options);
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
  const { myRatings, notSeen } = splitPersonalEntries(stored, (movieId) => dataset.movies.indexOf(movieId) !== undefined);
  const loaded = session.replaceDataset(dataset, how.fingerprint, myRatings, notSeen);
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
    chunks: () => blobChunks(file),
  };
}

/** The first bytes of a file: enough for its first line, as DatasetBuilder.openFile decides. */
const HEAD_BYTES = 65536;

/** How many parse workers read `file` in parallel; 0: it streams through this worker. */
function parseWorkersFor(file: File, options: ImportOptions): number {
  if (/\.zip$/i.test(file.name) || file.size < PARALLEL_MIN_BYTES || !canStartParseWorkers()) return 0;
  if (options.parseWorkers === undefined) return defaultParseWorkers();
  return options.parseWorkers <= 0 ? 0 : clampWorkers(options.parseWorkers);
}

async function headOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
}

/**
 * Reads files into a new dataset with progress and cancellation; the current dataset stays
 * until the new one is complete. A large plain ratings file is read by parse workers, one per
 * core (parallel-ratings.ts), while this worker streams the files after it that log nothing
 * on the way (a movies file) and parses the movies; everything else (zips, small files, files
 * that could log problems) streams through this worker in turn, so problems keep file order.
 */
async function importStreaming(
  job: Job,
  files: readonly File[],
  builder: DatasetBuilder,
  onProgress: ProgressListener,
  options: ImportOptions = {},
): Promise<{ result: ImportResult; seconds: number }> {
  const started = performance.now();
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let reported = 0;
  const report = (bytesRead: number, stage: string, rowsRead = builder.rowsRead) => {
    const seconds = secondsSince(started);
    onProgress({
      jobId: job.id,
      stage,
      fraction: totalBytes > 0 ? bytesRead / totalBytes : 1,
      bytesRead,
      totalBytes,
      rowsRead,
      rowsPerSecond: seconds > 0 ? rowsRead / seconds : 0,
    });
  };
  // Bytes of the files done, of the file streaming now, and rows and bytes the parse workers
  // have read so far (their file is done once its ranges are in the builder).
  let doneBytes = 0;
  let streamingBytes = 0;
  const parallel = { bytes: 0, rows: 0 };
  const throttled = () => {
    const now = performance.now();
    if (now - reported < PROGRESS_INTERVAL_MS) return;
    reported = now;
    report(doneBytes + streamingBytes + parallel.bytes, 'Reading', builder.rowsRead + parallel.rows);
  };
  report(0, 'Reading');
  const pools: ParseWorkerPool[] = [];
  /** The file the parse workers read, until its ranges are in the builder. */
  let inFlight: Promise<void> | undefined;
  const settle = async () => {
    const waiting = inFlight;
    inFlight = undefined;
    await waiting;
  };
  try {
    for (const file of files) {
      const workers = parseWorkersFor(file, options);
      const head = workers > 0 || inFlight ? await headOf(file) : undefined;
      const layout = head && workers > 0 ? builder.ratingsLayoutOf(file.name, head) : undefined;
      if (layout) {
        await settle(); // one file in parallel at a time
        const pool = new ParseWorkerPool(file, workers, job.signal);
        pools.push(pool);
        const elsewhere = builder.readRatingsElsewhere(file.name, layout);
        const size = file.size;
        inFlight = pool
          .parse(layout, (bytesDone, rowsDone) => {
            parallel.bytes = bytesDone;
            parallel.rows = rowsDone;
            throttled();
          })
          .then((ranges) => {
            parallel.bytes = 0;
            parallel.rows = 0;
            doneBytes += size;
            // The workers join the columns too, once the builder has planned the ids' indices.
            elsewhere.complete(ranges, pool.joinerFor(ranges));
          });
        inFlight.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
        continue;
      }
      if (inFlight && !(head && builder.logsNothingWhileStreaming(file.name, head))) await settle();
      await readSources(builder, [fileSource(file)], {
        onBytes: (bytesRead) => {
          streamingBytes = bytesRead;
          throttled();
        },
        isCancelled: () => job.cancelled,
      });
      streamingBytes = 0;
      doneBytes += file.size;
      // The movies now, while the parse workers still read.
      if (inFlight) builder.parseMoviesNow();
    }
    await settle();
    report(totalBytes, 'Indexing ratings');
    const result = await builder.finishJoining();
    // A Cancel that came in while the last step ran still wins: nothing is replaced.
    await nextMacrotask();
    if (job.cancelled) throw new ImportCancelled('import cancelled');
    return { result, seconds: secondsSince(started) };
  } finally {
    for (const pool of pools) pool.close();
  }
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
