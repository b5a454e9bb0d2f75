/**
 * The import benchmark: `npm run bench:import -- [options]` (see USAGE). Builds and serves the
 * bench page like run-bench.ts, opens it in headless Chromium, hands MovieLens files to the
 * page's hidden file input (Playwright's setInputFiles: the browser reads them from disk) and
 * imports them through the app's worker client (client.importFiles), once per run and worker
 * count (--workers). In the same run it times two references on the same ratings file: a plain
 * JavaScript byte loop in a worker of the same page (plain-loop.worker.ts) and pandas.read_csv
 * in a Python subprocess (pandas-reference.ts). It prints the import's progress and, as the last
 * line, one JSON object: time, rows per second, the stages, the peak resident memory of the
 * tab's renderer process and of the whole browser (from /proc, every ~100 ms), the references
 * and the ratios to them.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../src/recsys/training-config';
import type { EpochMetrics, ImportOutcome, TrainingStart } from '../src/worker/api';
import {
  DIST_DIR,
  REPO_ROOT,
  UsageError,
  closeServer,
  datasetName,
  epochLine,
  existingFile,
  formatProblem,
  integer,
  isFile,
  launchBrowser,
  median,
  openBenchPage,
  prepareBenchPage,
  round,
  runDriver,
  serve,
  table,
  type Cleanups,
} from './harness';
import { PYTHON_CANDIDATES, findPandasPython, readCsvWithPandas, type PandasRun } from './pandas-reference';
import type { PlainLoopResult } from './plain-loop.worker';
import { TreeMemorySampler, childPids, procAvailable } from './process-memory';

const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'data/ml-25m-synthetic');
const DEFAULT_HEAP_MB = 4096;
const MB = 1024 * 1024;

const USAGE = `Usage: npm run bench:import -- [options]

Imports MovieLens files in headless Chromium through the app's worker (production build of the
bench page), prints the import's progress, and as the last line one JSON object:
{"dataset","ratings","users","movies","seconds","rowsPerSecond","peakTabMemoryMB",
 "peakTotalMemoryMB","fileBytes","runs":[..],"parseWorkers","readSeconds","indexSeconds",
 "byWorkers":[..],"plainLoop":{..},"pandas":{..},"ratios":{..}, ...}
seconds: from the client.importFiles call to its outcome (the median with --runs); memory: peak
VmRSS of the page's renderer process and of all the browser's processes together (MB = 2^20
bytes; the largest over the runs). The top-level figures are those of the first --workers
count; byWorkers has every count. readSeconds: until the "Indexing ratings" stage began;
indexSeconds: the rest. rowsPerSecondPerWorker: ratings / readSeconds / parse workers.
ratios.appVsPandas: seconds / pandas.read_csv's seconds; ratios.parserVsPlainLoop: one parse
worker's rows per second (the --workers 1 entry, else the first) / the plain loop's.

${table([
  ['--ratings F', 'ratings file [data/ml-25m-synthetic/ratings.csv]'],
  ['--movies F', 'movies file [movies.csv beside the ratings file, if there]'],
  ['--runs N', 'import N times per worker count, each in a fresh page, 1-100 [1]'],
  ['--workers N[,N..]', 'parse workers for the ratings file, 0-64, repeatable or a'],
  ['', "list: 1,2,4 (0: one stream in the app's worker) [the app's"],
  ['', 'default: one per core, at most 8]'],
  ['--python PATH', `a Python with pandas for the reference [${PYTHON_CANDIDATES.join(', then ')}]`],
  ['--no-references', 'skip the plain loop and pandas'],
  ['--then-train-epochs N', 'then train N epochs on the imported data (default'],
  ['', 'settings), 0-500 [0]; reports trainStarted and firstEpoch'],
  ['--heap-mb N', `V8 heap limit (--max-old-space-size), 256-65536 [${DEFAULT_HEAP_MB}]`],
  ['--no-build', 'reuse dist-bench/ instead of building the bench page'],
  ['-h, --help', 'this text'],
])}

The default data comes from \`npm run generate:ratings\` (synthetic, ml-25m's size).
Exit status: 0 on success, 1 on any failure.`;

interface ImportBenchOptions {
  readonly name: string;
  readonly ratings: string;
  readonly movies: string | undefined;
  readonly runs: number;
  readonly trainEpochs: number;
  readonly heapMb: number;
  readonly build: boolean;
  /** Parse worker counts to import with, in order; undefined: the app's default. */
  readonly workers: readonly (number | undefined)[];
  readonly python: string | undefined;
  readonly references: boolean;
}

function parseOptions(argv: readonly string[]): ImportBenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ratings: { type: 'string' },
        movies: { type: 'string' },
        runs: { type: 'string' },
        'then-train-epochs': { type: 'string' },
        'heap-mb': { type: 'string' },
        workers: { type: 'string', multiple: true },
        python: { type: 'string' },
        'no-references': { type: 'boolean' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const runs = integer('--runs', v.runs, 1, 100) ?? 1;
  const trainEpochs = integer('--then-train-epochs', v['then-train-epochs'], 0, 500) ?? 0;
  const heapMb = integer('--heap-mb', v['heap-mb'], 256, 65536) ?? DEFAULT_HEAP_MB;
  const listed = (v.workers ?? []).flatMap((list) => list.split(',')).map((count) => integer('--workers', count, 0, 64));
  const workers = listed.length > 0 ? [...new Set(listed)] : [undefined];

  let ratings: string;
  let movies: string | undefined;
  if (v.ratings === undefined) {
    ratings = resolve(DEFAULT_DATA_DIR, 'ratings.csv');
    movies = resolve(DEFAULT_DATA_DIR, 'movies.csv');
    const missing = [ratings, movies].filter((f) => !isFile(f));
    if (missing.length > 0) {
      throw new Error(
        `No --ratings was given, and the default data is missing: ${missing.join(', ')}.\n` +
          'Generate it with `npm run generate:ratings` (synthetic ml-25m-sized ratings.csv and movies.csv,\n' +
          'about 650 MB, a few seconds), or pass --ratings F [--movies F].',
      );
    }
    if (v.movies !== undefined) movies = existingFile('--movies', v.movies);
  } else {
    ratings = existingFile('--ratings', v.ratings);
    const beside = resolve(dirname(ratings), 'movies.csv');
    movies = v.movies !== undefined ? existingFile('--movies', v.movies) : isFile(beside) ? beside : undefined;
  }
  if (movies === ratings) throw new UsageError('--movies and --ratings are the same file');
  return {
    name: datasetName(ratings),
    ratings,
    movies,
    runs,
    trainEpochs,
    heapMb,
    build: !v['no-build'],
    workers,
    python: v.python,
    references: !v['no-references'],
  };
}

// ---------------------------------------------------------------------------------------------
// Progress lines

type Fields = Readonly<Record<string, unknown>>;

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * One line from an ImportProgress payload: every field present, the known ones in words
 * (fields come and go as the import evolves; none is required).
 */
function progressLine(progress: Fields, seconds: number): string {
  const parts = [`import ${seconds.toFixed(1).padStart(6)} s`];
  const { stage, fraction, bytesRead, totalBytes, rowsRead, rowsPerSecond, ...rest } = progress;
  if (typeof stage === 'string') parts.push(stage);
  if (typeof fraction === 'number') parts.push(`${(fraction * 100).toFixed(1)}%`);
  if (typeof bytesRead === 'number') {
    parts.push(typeof totalBytes === 'number' ? `${megabytes(bytesRead)} of ${megabytes(totalBytes)}` : megabytes(bytesRead));
  } else if (typeof totalBytes === 'number') {
    parts.push(`total ${megabytes(totalBytes)}`);
  }
  if (typeof rowsRead === 'number') parts.push(`${thousands(rowsRead)} rows`);
  if (typeof rowsPerSecond === 'number') parts.push(`${thousands(rowsPerSecond)} rows/s`);
  for (const [key, value] of Object.entries(rest)) parts.push(`${key} ${JSON.stringify(value)}`);
  return parts.join('  ');
}

/**
 * Prints progress at most once a second, plus every stage change and the end (fraction 1), and
 * notes when each stage was first reported (seconds after the start).
 */
function progressPrinter(startedAt: () => number, stageStarts: Map<string, number>): (progress: Fields) => void {
  let lastStage: unknown;
  let lastPrinted = -Infinity;
  let printedEnd = false;
  return (progress) => {
    const now = performance.now();
    if (typeof progress.stage === 'string' && !stageStarts.has(progress.stage)) {
      stageStarts.set(progress.stage, (now - startedAt()) / 1000);
    }
    const end = progress.fraction === 1;
    const due = progress.stage !== lastStage || now - lastPrinted >= 1000 || (end && !printedEnd);
    if (!due) return;
    lastStage = progress.stage;
    lastPrinted = now;
    printedEnd ||= end;
    console.log(progressLine(progress, (now - startedAt()) / 1000));
  };
}

function failure(outcome: ImportOutcome & { readonly ok: false }): string {
  return outcome.problem ? formatProblem(outcome.problem) : outcome.message;
}

/** A field of a result that may or may not have it (the worker API is evolving). */
function optionalField(value: object, key: string): unknown {
  return Reflect.get(value, key) as unknown;
}

// ---------------------------------------------------------------------------------------------
// The run

interface RunResult {
  readonly seconds: number;
  readonly outcome: ImportOutcome & { readonly ok: true };
  readonly peakTabBytes: number | null;
  readonly peakTotalBytes: number | null;
  readonly tabBytesBefore: number | null;
  /** Seconds from the start until the "Indexing ratings" stage was reported (null: never). */
  readonly readSeconds: number | null;
}

/** One worker count's runs. */
interface WorkersReport {
  /** As asked (null: the app's default). */
  readonly asked: number | null;
  /** As the import report says (1: one stream). */
  readonly parseWorkers: number;
  readonly seconds: number;
  readonly runs: number[];
  readonly rowsPerSecond: number;
  readonly readSeconds: number | null;
  readonly indexSeconds: number | null;
  readonly rowsPerSecondPerWorker: number | null;
  readonly peakTabMemoryMB: number | null;
  readonly peakTotalMemoryMB: number | null;
}

interface ReferenceReport {
  readonly seconds: number;
  readonly runs: number[];
  readonly rowsPerSecond: number;
}

interface TrainReport {
  readonly trainStarted: boolean;
  readonly trainStartSeconds: number | null;
  readonly trainCount: number | null;
  readonly testCount: number | null;
  readonly baselineTestRmse: number | null;
  readonly engine: string;
  readonly firstEpoch: EpochMetrics | null;
  readonly trainSeconds: number;
}

interface ImportBenchReport extends Partial<TrainReport> {
  readonly dataset: string;
  readonly ratings: number;
  readonly users: number;
  readonly movies: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakTabMemoryMB: number | null;
  readonly peakTotalMemoryMB: number | null;
  readonly fileBytes: number;
  readonly runs: number[];
  readonly skippedRows: number;
  readonly tabMemoryBeforeMB: number | null;
  readonly fromCache?: boolean;
  readonly workerSeconds?: number;
  readonly parseWorkers: number;
  readonly readSeconds: number | null;
  readonly indexSeconds: number | null;
  readonly byWorkers: WorkersReport[];
  /** The plain loop reading 4 MiB slices (the reference of ratios.parserVsPlainLoop), and
   * reading the browser's stream chunks as the app's parser does. */
  readonly plainLoop: ReferenceReport | null;
  readonly plainLoopStream: ReferenceReport | null;
  /** Streaming the ratings file without parsing it: the floor set by reading. */
  readonly readOnlySeconds: number | null;
  readonly pandas: (ReferenceReport & { readonly python: string; readonly peakMemoryMB: number }) | null;
  readonly ratios: {
    readonly appVsPandas: number | null;
    readonly parserVsPlainLoop: number | null;
    readonly parserVsPlainLoopStream: number | null;
  };
}

/** The browser's own process: the one new child of this Node process after launching it. */
async function launchWatched(executablePath: string, heapMb: number): Promise<{ browser: Browser; pid: number | undefined }> {
  const watch = procAvailable();
  const before = new Set(watch ? childPids(process.pid) : []);
  const browser = await launchBrowser(executablePath, [`--js-flags=--max-old-space-size=${heapMb}`]);
  if (!watch) {
    process.stderr.write('warning: no /proc here: memory is not measured\n');
    return { browser, pid: undefined };
  }
  const added = childPids(process.pid).filter((pid) => !before.has(pid));
  if (added.length !== 1) {
    process.stderr.write(`warning: cannot tell the browser's process (${added.length} new children): memory is not measured\n`);
    return { browser, pid: undefined };
  }
  return { browser, pid: added[0] };
}

interface RunContext {
  readonly options: ImportBenchOptions;
  readonly browser: Browser;
  readonly browserPid: number | undefined;
  readonly url: string;
  readonly files: readonly string[];
}

/**
 * Opens a fresh page (and browser context: no stored dataset) with the driver's callbacks, its
 * backend started and the files in #files.
 */
async function openRunPage(context: RunContext, printProgress: (progress: Fields) => void, train: TrainWatch, first: boolean) {
  const { page, guard } = await openBenchPage(context.browser, context.url, async (page) => {
    await page.exposeFunction('benchOnImportProgress', printProgress);
    await page.exposeFunction('benchOnStart', (start: TrainingStart) => {
      train.started = start;
      train.startedAt = performance.now();
      console.log(
        `training on ${start.trainCount} ratings, testing on ${start.testCount}; ` +
          `bias-only baseline test RMSE ${start.baselineTestRmse.toFixed(4)}`,
      );
    });
    await page.exposeFunction('benchOnEpoch', (metrics: EpochMetrics) => console.log(epochLine(metrics, context.options.trainEpochs)));
    await page.exposeFunction('benchOnEngine', (engine: string, note: string | undefined) => {
      console.log(`engine: ${engine}${note ? ` (${note})` : ''}`);
    });
  });
  const backend = await guard(page.evaluate(() => window.bench!.client.initBackend()));
  if (!backend.ok) throw new Error(backend.message);
  if (first) {
    console.log(`backend: ${backend.backend}` + (backend.fallbackReasons.length > 0 ? ` (${backend.fallbackReasons.join('; ')})` : ''));
  }
  await guard(page.setInputFiles('#files', [...context.files]));
  return { page, guard };
}

interface TrainWatch {
  started: TrainingStart | undefined;
  startedAt: number;
}

function workersLabel(workers: number | undefined): string {
  return workers === undefined
    ? "the app's default parse workers"
    : workers === 0
      ? 'one stream (no parse workers)'
      : `${workers} parse workers`;
}

/** One import in a fresh page; `train`: then trains on it (the last run). */
async function importOnce(
  context: RunContext,
  workers: number | undefined,
  label: string,
  first: boolean,
  train: boolean,
): Promise<{ result: RunResult; training: TrainReport | undefined }> {
  const { options, browserPid } = context;
  let importStarted = performance.now();
  const stageStarts = new Map<string, number>();
  const printProgress = progressPrinter(() => importStarted, stageStarts);
  const trainWatch: TrainWatch = { started: undefined, startedAt: 0 };
  const { page, guard } = await openRunPage(context, printProgress, trainWatch, first);

  console.log(label);
  const sampler = browserPid === undefined ? undefined : new TreeMemorySampler(browserPid);
  const tabBytesBefore = sampler?.sample().rendererBytes ?? null;
  sampler?.start();
  importStarted = performance.now();
  let outcome: ImportOutcome;
  try {
    const importOptions = workers === undefined ? {} : { parseWorkers: workers };
    outcome = await guard(page.evaluate((o) => window.bench!.importInputFiles(o), importOptions));
  } catch (error) {
    const peaks = sampler?.stop();
    const seconds = (performance.now() - importStarted) / 1000;
    const memory = peaks ? ` (peak tab memory ${megabytes(peaks.peakRendererBytes)}, total ${megabytes(peaks.peakTotalBytes)})` : '';
    throw new Error(`The import failed after ${seconds.toFixed(1)} s${memory}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const seconds = (performance.now() - importStarted) / 1000;
  if (!outcome.ok) {
    sampler?.stop();
    throw new Error(`The import failed after ${seconds.toFixed(1)} s: ${failure(outcome)}`);
  }
  // The copy for the next visit is written to IndexedDB after the import answers; the memory
  // peak covers that too, since it happens in the same tab.
  const saved = await guard(page.evaluate(() => window.bench!.client.datasetSaved()));
  const secondsToSaved = (performance.now() - importStarted) / 1000;
  const peaks = sampler?.stop();
  console.log(`stored in this browser: ${saved ? 'yes' : 'no'}, ${secondsToSaved.toFixed(2)} s after the import started`);

  const { summary, report } = outcome;
  const readSeconds = stageStarts.get('Indexing ratings') ?? null;
  console.log(
    `imported ${summary.name}: ${summary.ratingCount} ratings, ${summary.userCount} users, ${summary.movieCount} movies` +
      (report.totalSkipped > 0 ? `, ${report.totalSkipped} rows skipped` : '') +
      ` in ${seconds.toFixed(2)} s (${thousands(summary.ratingCount / seconds)} rows/s` +
      (readSeconds === null ? '' : `; reading ${readSeconds.toFixed(2)} s, indexing ${(seconds - readSeconds).toFixed(2)} s`) +
      `; ${report.parseWorkers ?? 1} parse worker${report.parseWorkers === 1 ? '' : 's'})` +
      (peaks ? `; peak tab memory ${megabytes(peaks.peakRendererBytes)}, all processes ${megabytes(peaks.peakTotalBytes)}` : ''),
  );
  const result: RunResult = {
    seconds,
    outcome,
    peakTabBytes: peaks?.peakRendererBytes ?? null,
    peakTotalBytes: peaks?.peakTotalBytes ?? null,
    tabBytesBefore,
    readSeconds,
  };

  let training: TrainReport | undefined;
  if (train) {
    const config: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, epochs: options.trainEpochs };
    const trainCalled = performance.now();
    const trained = await guard(page.evaluate((trainingConfig) => window.bench!.train(trainingConfig), config));
    if (!trained.ok) throw new Error(`Training failed (${trained.code}): ${trained.message}`);
    training = {
      trainStarted: trainWatch.started !== undefined,
      trainStartSeconds: trainWatch.started === undefined ? null : round((trainWatch.startedAt - trainCalled) / 1000, 2),
      trainCount: trainWatch.started?.trainCount ?? null,
      testCount: trainWatch.started?.testCount ?? null,
      baselineTestRmse: trainWatch.started?.baselineTestRmse ?? null,
      engine: trained.engine,
      firstEpoch: trained.history[0] ?? null,
      trainSeconds: round((performance.now() - trainCalled) / 1000, 2),
    };
  }
  await page.close();
  return { result, training };
}

interface PlainLoopRuns {
  readonly slices: PlainLoopResult;
  readonly stream: PlainLoopResult;
  readonly readOnly: PlainLoopResult;
}

/** The plain-loop references in a fresh page of the same browser, over the same ratings file:
 * read in 4 MiB slices, read as the browser streams it, and the stream read alone. */
async function plainLoopOnce(context: RunContext): Promise<PlainLoopRuns> {
  const { page, guard } = await openBenchPage(context.browser, context.url);
  try {
    await guard(page.setInputFiles('#files', [context.options.ratings]));
    const slices = await guard(page.evaluate(() => window.bench!.plainLoop('slices')));
    const stream = await guard(page.evaluate(() => window.bench!.plainLoop('stream')));
    const readOnly = await guard(page.evaluate(() => window.bench!.plainLoop('read only')));
    const line = (what: string, r: PlainLoopResult) =>
      `${what}: ${r.rows} rows in ${r.seconds.toFixed(2)} s (${thousands(r.rows / r.seconds)} rows/s)`;
    console.log(`${line('plain loop, 4 MiB slices', slices)}; ${line('streamed', stream)}; reading alone ${readOnly.seconds.toFixed(2)} s`);
    return { slices, stream, readOnly };
  } finally {
    await page.close();
  }
}

function pandasOnce(python: string, ratings: string): PandasRun {
  const result = readCsvWithPandas(python, ratings);
  console.log(
    `pandas.read_csv: ${result.rows} rows in ${result.seconds.toFixed(2)} s (${thousands(result.rows / result.seconds)} rows/s), ` +
      `peak memory ${result.peakMemoryMB.toFixed(0)} MB`,
  );
  return result;
}

const peakMB = (bytes: readonly (number | null)[]) =>
  bytes.length === 0 || bytes.some((b) => b === null) ? null : round(Math.max(...(bytes as number[])) / MB, 1);

function workersReport(asked: number | undefined, results: readonly RunResult[]): WorkersReport {
  const seconds = median(results.map((r) => r.seconds))!;
  const { summary, report } = results[results.length - 1]!.outcome;
  const parseWorkers = report.parseWorkers ?? 1;
  const reads = results.map((r) => r.readSeconds).filter((s): s is number => s !== null);
  const readSeconds = reads.length === results.length ? median(reads) : null;
  const indexSeconds = readSeconds === null ? null : median(results.map((r) => r.seconds - r.readSeconds!));
  return {
    asked: asked ?? null,
    parseWorkers,
    seconds: round(seconds, 2),
    runs: results.map((r) => round(r.seconds, 2)),
    rowsPerSecond: Math.round(summary.ratingCount / seconds),
    readSeconds: readSeconds === null ? null : round(readSeconds, 2),
    indexSeconds: indexSeconds === null ? null : round(indexSeconds, 2),
    rowsPerSecondPerWorker: readSeconds === null ? null : Math.round(summary.ratingCount / readSeconds / parseWorkers),
    peakTabMemoryMB: peakMB(results.map((r) => r.peakTabBytes)),
    peakTotalMemoryMB: peakMB(results.map((r) => r.peakTotalBytes)),
  };
}

function referenceReport(runs: readonly { seconds: number; rows: number }[]): ReferenceReport | null {
  if (runs.length === 0) return null;
  const seconds = median(runs.map((r) => r.seconds))!;
  return { seconds: round(seconds, 2), runs: runs.map((r) => round(r.seconds, 2)), rowsPerSecond: Math.round(runs[0]!.rows / seconds) };
}

async function run(options: ImportBenchOptions, cleanups: Cleanups): Promise<ImportBenchReport> {
  const files = options.movies === undefined ? [options.ratings] : [options.ratings, options.movies];
  const fileBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const executablePath = await prepareBenchPage(options.build);
  let python: string | undefined;
  if (options.references) {
    python = findPandasPython(options.python === undefined ? PYTHON_CANDIDATES : [options.python]);
    if (python === undefined) {
      const tried = options.python ?? PYTHON_CANDIDATES.join(', ');
      console.log(`pandas reference: missing (no Python with pandas: tried ${tried}); pass --python PATH to measure it`);
    }
  }

  const { server, url } = await serve(DIST_DIR);
  cleanups.push(() => closeServer(server));
  const { browser, pid: browserPid } = await launchWatched(executablePath, options.heapMb);
  cleanups.push(() => browser.close());
  const context: RunContext = { options, browser, browserPid, url, files };

  console.log(`files: ${files.join(', ')} (${megabytes(fileBytes)})`);
  const results = new Map<number | undefined, RunResult[]>(options.workers.map((w) => [w, []]));
  const plainLoopRuns: PlainLoopRuns[] = [];
  const pandasRuns: PandasRun[] = [];
  let training: TrainReport | undefined;
  // Run by run, every worker count and both references in turn: a machine that slows down
  // (it is shared) slows them all alike.
  for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
    for (const [w, workers] of options.workers.entries()) {
      const last = runIndex === options.runs && w === options.workers.length - 1;
      const label = `run ${runIndex} of ${options.runs}: ${workersLabel(workers)}`;
      const once = await importOnce(context, workers, label, runIndex === 1 && w === 0, last && options.trainEpochs > 0);
      results.get(workers)!.push(once.result);
      training ??= once.training;
    }
    if (options.references) {
      plainLoopRuns.push(await plainLoopOnce(context));
      if (python !== undefined) pandasRuns.push(pandasOnce(python, options.ratings));
    }
  }

  const byWorkers = options.workers.map((w) => workersReport(w, results.get(w)!));
  const main = byWorkers[0]!;
  const mainRuns = results.get(options.workers[0])!;
  const lastRun = mainRuns[mainRuns.length - 1]!;
  const { summary, report } = lastRun.outcome;
  const fromCache = optionalField(lastRun.outcome, 'fromCache');
  const workerSeconds = optionalField(lastRun.outcome, 'seconds');
  const plainLoop = referenceReport(plainLoopRuns.map((r) => r.slices));
  const plainLoopStream = referenceReport(plainLoopRuns.map((r) => r.stream));
  const readOnlySeconds = plainLoopRuns.length === 0 ? null : round(median(plainLoopRuns.map((r) => r.readOnly.seconds))!, 2);
  const pandasReference = referenceReport(pandasRuns);
  const pandas =
    pandasReference && python !== undefined
      ? { ...pandasReference, python, peakMemoryMB: round(Math.max(...pandasRuns.map((r) => r.peakMemoryMB)), 1) }
      : null;
  const oneWorker = byWorkers.find((b) => b.parseWorkers === 1 && b.asked === 1) ?? main;
  const versus = (reference: ReferenceReport | null) =>
    reference && oneWorker.rowsPerSecondPerWorker !== null ? round(oneWorker.rowsPerSecondPerWorker / reference.rowsPerSecond, 3) : null;
  const ratios = {
    appVsPandas: pandas ? round(main.seconds / pandas.seconds, 3) : null,
    parserVsPlainLoop: versus(plainLoop),
    parserVsPlainLoopStream: versus(plainLoopStream),
  };
  printSummary(byWorkers, { plainLoop, plainLoopStream, readOnlySeconds }, pandas, ratios);
  return {
    dataset: options.name,
    ratings: summary.ratingCount,
    users: summary.userCount,
    movies: summary.movieCount,
    seconds: main.seconds,
    rowsPerSecond: main.rowsPerSecond,
    peakTabMemoryMB: main.peakTabMemoryMB,
    peakTotalMemoryMB: main.peakTotalMemoryMB,
    fileBytes,
    runs: main.runs,
    skippedRows: report.totalSkipped,
    tabMemoryBeforeMB: lastRun.tabBytesBefore === null ? null : round(lastRun.tabBytesBefore / MB, 1),
    ...(typeof fromCache === 'boolean' ? { fromCache } : {}),
    ...(typeof workerSeconds === 'number' ? { workerSeconds: round(workerSeconds, 2) } : {}),
    parseWorkers: main.parseWorkers,
    readSeconds: main.readSeconds,
    indexSeconds: main.indexSeconds,
    byWorkers,
    plainLoop,
    plainLoopStream,
    readOnlySeconds,
    pandas,
    ratios,
    ...training,
  };
}

/** The figures side by side, before the JSON line. */
function printSummary(
  byWorkers: readonly WorkersReport[],
  references: { plainLoop: ReferenceReport | null; plainLoopStream: ReferenceReport | null; readOnlySeconds: number | null },
  pandas: ReferenceReport | null,
  ratios: ImportBenchReport['ratios'],
): void {
  const { plainLoop, plainLoopStream, readOnlySeconds } = references;
  const seconds = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)} s`);
  const rows: [string, string][] = byWorkers.map((b) => [
    `app import, ${b.parseWorkers} parse worker${b.parseWorkers === 1 ? '' : 's'}${b.asked === 0 ? ' (one stream)' : ''}`,
    `${seconds(b.seconds)} (reading ${seconds(b.readSeconds)}, indexing ${seconds(b.indexSeconds)}); ` +
      `${b.rowsPerSecondPerWorker === null ? '-' : thousands(b.rowsPerSecondPerWorker)} rows/s per worker; ` +
      `peak tab memory ${b.peakTabMemoryMB ?? '-'} MB`,
  ]);
  if (plainLoop)
    rows.push(['plain loop, 4 MiB slices (1 thread)', `${seconds(plainLoop.seconds)}; ${thousands(plainLoop.rowsPerSecond)} rows/s`]);
  if (plainLoopStream) {
    rows.push([
      'plain loop, streamed (1 thread)',
      `${seconds(plainLoopStream.seconds)}; ${thousands(plainLoopStream.rowsPerSecond)} rows/s`,
    ]);
  }
  if (readOnlySeconds !== null) rows.push(['streaming the file alone', seconds(readOnlySeconds)]);
  rows.push(['pandas.read_csv', pandas ? `${seconds(pandas.seconds)}; ${thousands(pandas.rowsPerSecond)} rows/s` : 'missing']);
  if (ratios.appVsPandas !== null) rows.push(['app / pandas', `${ratios.appVsPandas.toFixed(3)} x pandas's time`]);
  if (ratios.parserVsPlainLoop !== null) {
    rows.push([
      'parser / plain loop (slices, streamed)',
      `${ratios.parserVsPlainLoop.toFixed(3)}, ${ratios.parserVsPlainLoopStream?.toFixed(3)} x its rows/s`,
    ]);
  }
  console.log(`medians:\n${rows.map(([what, value]) => `  ${what.padEnd(40)}${value}`).join('\n')}`);
}

process.exitCode = await runDriver({ name: 'bench:import', usage: USAGE, parse: parseOptions, run });
