/**
 * The import benchmark: `npm run bench:import -- [options]` (see USAGE). Builds and serves the
 * bench page like run-bench.ts, opens it in headless Chromium, hands MovieLens files to the
 * page's hidden file input (Playwright's setInputFiles: the browser reads them from disk) and
 * imports them through the app's worker client (client.importFiles). It prints the import's
 * progress and, as the last line, one JSON object: time, rows per second, and the peak resident
 * memory of the tab's renderer process and of the whole browser (from /proc, every ~100 ms).
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
import { TreeMemorySampler, childPids, procAvailable } from './process-memory';

const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'data/ml-25m-synthetic');
const DEFAULT_HEAP_MB = 4096;
const MB = 1024 * 1024;

const USAGE = `Usage: npm run bench:import -- [options]

Imports MovieLens files in headless Chromium through the app's worker (production build of the
bench page), prints the import's progress, and as the last line one JSON object:
{"dataset","ratings","users","movies","seconds","rowsPerSecond","peakTabMemoryMB",
 "peakTotalMemoryMB","fileBytes","runs":[..], ...}
seconds: from the client.importFiles call to its outcome (the median with --runs); memory: peak
VmRSS of the page's renderer process and of all the browser's processes together (MB = 2^20
bytes; the largest over the runs).

${table([
  ['--ratings F', 'ratings file [data/ml-25m-synthetic/ratings.csv]'],
  ['--movies F', 'movies file [movies.csv beside the ratings file, if there]'],
  ['--runs N', 'import N times, each in a fresh page, 1-100 [1]'],
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
  return { name: datasetName(ratings), ratings, movies, runs, trainEpochs, heapMb, build: !v['no-build'] };
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

/** Prints progress at most once a second, plus every stage change and the end (fraction 1). */
function progressPrinter(startedAt: () => number): (progress: Fields) => void {
  let lastStage: unknown;
  let lastPrinted = -Infinity;
  let printedEnd = false;
  return (progress) => {
    const now = performance.now();
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

async function run(options: ImportBenchOptions, cleanups: Cleanups): Promise<ImportBenchReport> {
  const files = options.movies === undefined ? [options.ratings] : [options.ratings, options.movies];
  const fileBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const executablePath = await prepareBenchPage(options.build);

  const { server, url } = await serve(DIST_DIR);
  cleanups.push(() => closeServer(server));
  const { browser, pid: browserPid } = await launchWatched(executablePath, options.heapMb);
  cleanups.push(() => browser.close());

  console.log(`files: ${files.join(', ')} (${megabytes(fileBytes)})`);
  const results: RunResult[] = [];
  let training: TrainReport | undefined;
  for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
    const last = runIndex === options.runs;
    let importStarted = performance.now();
    const printProgress = progressPrinter(() => importStarted);
    const train = { started: undefined as TrainingStart | undefined, startedAt: 0 };

    // A fresh page (and browser context: no stored dataset) per run.
    const { page, guard } = await openBenchPage(browser, url, async (page) => {
      await page.exposeFunction('benchOnImportProgress', printProgress);
      await page.exposeFunction('benchOnStart', (start: TrainingStart) => {
        train.started = start;
        train.startedAt = performance.now();
        console.log(
          `training on ${start.trainCount} ratings, testing on ${start.testCount}; ` +
            `bias-only baseline test RMSE ${start.baselineTestRmse.toFixed(4)}`,
        );
      });
      await page.exposeFunction('benchOnEpoch', (metrics: EpochMetrics) => console.log(epochLine(metrics, options.trainEpochs)));
      await page.exposeFunction('benchOnEngine', (engine: string, note: string | undefined) => {
        console.log(`engine: ${engine}${note ? ` (${note})` : ''}`);
      });
    });
    const backend = await guard(page.evaluate(() => window.bench!.client.initBackend()));
    if (!backend.ok) throw new Error(backend.message);
    if (runIndex === 1) {
      console.log(`backend: ${backend.backend}` + (backend.fallbackReasons.length > 0 ? ` (${backend.fallbackReasons.join('; ')})` : ''));
    }
    await guard(page.setInputFiles('#files', files));

    if (options.runs > 1) console.log(`run ${runIndex} of ${options.runs}`);
    const sampler = browserPid === undefined ? undefined : new TreeMemorySampler(browserPid);
    const tabBytesBefore = sampler?.sample().rendererBytes ?? null;
    sampler?.start();
    importStarted = performance.now();
    let outcome: ImportOutcome;
    try {
      outcome = await guard(page.evaluate(() => window.bench!.importInputFiles()));
    } catch (error) {
      const peaks = sampler?.stop();
      const seconds = (performance.now() - importStarted) / 1000;
      const memory = peaks ? ` (peak tab memory ${megabytes(peaks.peakRendererBytes)}, total ${megabytes(peaks.peakTotalBytes)})` : '';
      throw new Error(
        `The import failed after ${seconds.toFixed(1)} s${memory}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
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
    console.log(
      `imported ${summary.name}: ${summary.ratingCount} ratings, ${summary.userCount} users, ${summary.movieCount} movies` +
        (report.totalSkipped > 0 ? `, ${report.totalSkipped} rows skipped` : '') +
        ` in ${seconds.toFixed(2)} s (${thousands(summary.ratingCount / seconds)} rows/s)` +
        (peaks ? `; peak tab memory ${megabytes(peaks.peakRendererBytes)}, all processes ${megabytes(peaks.peakTotalBytes)}` : ''),
    );
    results.push({
      seconds,
      outcome,
      peakTabBytes: peaks?.peakRendererBytes ?? null,
      peakTotalBytes: peaks?.peakTotalBytes ?? null,
      tabBytesBefore,
    });

    if (last && options.trainEpochs > 0) {
      const config: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, epochs: options.trainEpochs };
      const trainCalled = performance.now();
      const result = await guard(page.evaluate((trainingConfig) => window.bench!.train(trainingConfig), config));
      if (!result.ok) throw new Error(`Training failed (${result.code}): ${result.message}`);
      training = {
        trainStarted: train.started !== undefined,
        trainStartSeconds: train.started === undefined ? null : round((train.startedAt - trainCalled) / 1000, 2),
        trainCount: train.started?.trainCount ?? null,
        testCount: train.started?.testCount ?? null,
        baselineTestRmse: train.started?.baselineTestRmse ?? null,
        engine: result.engine,
        firstEpoch: result.history[0] ?? null,
        trainSeconds: round((performance.now() - trainCalled) / 1000, 2),
      };
    }
    if (!last) await page.close();
  }

  const lastRun = results[results.length - 1];
  const { summary, report } = lastRun.outcome;
  const runs = results.map((r) => round(r.seconds, 2));
  const seconds = median(results.map((r) => r.seconds))!;
  const peak = (bytes: readonly (number | null)[]) =>
    bytes.some((b) => b === null) ? null : round(Math.max(...(bytes as number[])) / MB, 1);
  const fromCache = optionalField(lastRun.outcome, 'fromCache');
  const workerSeconds = optionalField(lastRun.outcome, 'seconds');
  return {
    dataset: options.name,
    ratings: summary.ratingCount,
    users: summary.userCount,
    movies: summary.movieCount,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(summary.ratingCount / seconds),
    peakTabMemoryMB: peak(results.map((r) => r.peakTabBytes)),
    peakTotalMemoryMB: peak(results.map((r) => r.peakTotalBytes)),
    fileBytes,
    runs,
    skippedRows: report.totalSkipped,
    tabMemoryBeforeMB: lastRun.tabBytesBefore === null ? null : round(lastRun.tabBytesBefore / MB, 1),
    ...(typeof fromCache === 'boolean' ? { fromCache } : {}),
    ...(typeof workerSeconds === 'number' ? { workerSeconds: round(workerSeconds, 2) } : {}),
    ...training,
  };
}

process.exitCode = await runDriver({ name: 'bench:import', usage: USAGE, parse: parseOptions, run });
