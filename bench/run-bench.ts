/**
 * The benchmark: `npm run bench -- [options]` (see USAGE). Builds the bench page
 * (bench/index.html) in production mode, serves it on 127.0.0.1, opens it in headless Chromium
 * with WebGPU, loads data into the recommender worker, trains, and prints one line per epoch
 * and, as the last line, one JSON object with the results.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import {
  DEFAULT_TRAINING_CONFIG,
  type ModelKind,
  type OptimizerKind,
  type ScheduleKind,
  type TrainingConfig,
} from '../src/recsys/training-config';
import type {
  BackendInfo,
  BackendName,
  EpochMetrics,
  ImportOutcome,
  ImportProblem,
  TrainingResult,
  TrainingStart,
} from '../src/worker/api';
import type { FileInputId } from './bench-api';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_DIR = resolve(REPO_ROOT, 'dist-bench');
const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data/ml-latest-small');
/** Relative paths on the command line are relative to where `npm run bench` was started. */
const USER_CWD = process.env.INIT_CWD ?? process.cwd();

const MODELS: readonly ModelKind[] = ['biased-mf', 'mf', 'mlp'];
const OPTIMIZERS: readonly OptimizerKind[] = ['adam', 'sgd'];
const SCHEDULES: readonly ScheduleKind[] = ['constant', 'bold-driver'];
const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

const D = DEFAULT_TRAINING_CONFIG;

/** Usage lines: option, then what it does (with its default), in aligned columns. */
function table(rows: readonly (readonly [string, string])[]): string {
  return rows.map(([option, text]) => `  ${option.padEnd(33)}${text}`.trimEnd()).join('\n');
}

const USAGE = `Usage: npm run bench -- [data] [model options] [run options]

Trains a recommender in headless Chromium (TensorFlow.js in the app's worker, production build),
prints one line per epoch, and as the last line one JSON object:
{"dataset","model","backend","epochs","factors","batchSize","learningRate","regularization",
 "optimizer","schedule","trainRmse":[..],"testRmse":[..],"bestTestRmse","bestEpoch",
 "msPerEpoch":[..],"msPerStep","dispatchesPerStep"}

Data (one of; default: ../shared/data/ml-latest-small/{ratings,movies}.csv from the repo root):
${table([
  ['--ratings F [--movies F]', 'MovieLens ratings (and movies) files, seeded random split'],
  ['--train F --test F', 'a given split: ratings to train on, ratings held out'],
  ['', '(--movies F optional)'],
  ['--demo', 'the built-in synthetic demo data'],
])}

Model (defaults from DEFAULT_TRAINING_CONFIG in brackets):
${table([
  [`--model ${MODELS.join('|')}`, `[${D.model}]`],
  ['--epochs N', `1-500 [${D.epochs}]`],
  ['--factors N', `1-256 [${D.factors}]`],
  ['--batch-size N', `1-65536 [${D.batchSize}]`],
  ['--lr X', `learning rate, 0.00001-100 [${D.learningRate}]`],
  ['--reg X', `L2 regularization, 0-10 [${D.regularization}]`],
  [`--optimizer ${OPTIMIZERS.join('|')}`, `[${D.optimizer}]`],
  [`--schedule ${SCHEDULES.join('|')}`, `[${D.schedule}]`],
  ['--patience N', `stop after N epochs without a better test RMSE, 0 = off [${D.earlyStoppingPatience}]`],
  ['--hidden A,B,...', `mlp hidden layer widths [${D.hiddenLayers.join(',')}]`],
  ['--seed N', `seeds the split, initial weights and shuffles [${D.seed}]`],
  ['--test-fraction X', `held-out share of a random split, 0 < X < 1 [${D.testFraction}]`],
])}

Run:
${table([
  [`--backend ${BACKENDS.join('|')}`, 'backend to try first [webgpu]; the JSON says which one ran'],
  ['--no-build', 'reuse dist-bench/ instead of building the bench page'],
  ['-h, --help', 'this text'],
])}

Exit status: 0 on success, 1 on any failure.`;

class UsageError extends Error {}

type DataSpec =
  | { readonly kind: 'demo'; readonly name: string }
  | { readonly kind: 'files'; readonly name: string; readonly ratings: string; readonly movies?: string }
  | { readonly kind: 'split'; readonly name: string; readonly train: string; readonly test: string; readonly movies?: string };

interface BenchOptions {
  readonly data: DataSpec;
  readonly config: TrainingConfig;
  readonly backend: BackendName;
  readonly build: boolean;
}

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ratings: { type: 'string' },
        movies: { type: 'string' },
        train: { type: 'string' },
        test: { type: 'string' },
        demo: { type: 'boolean' },
        model: { type: 'string' },
        epochs: { type: 'string' },
        factors: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        reg: { type: 'string' },
        optimizer: { type: 'string' },
        schedule: { type: 'string' },
        patience: { type: 'string' },
        hidden: { type: 'string' },
        seed: { type: 'string' },
        'test-fraction': { type: 'string' },
        backend: { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const config: TrainingConfig = {
    model: choice('--model', v.model, MODELS) ?? D.model,
    epochs: integer('--epochs', v.epochs, 1, 500) ?? D.epochs,
    factors: integer('--factors', v.factors, 1, 256) ?? D.factors,
    batchSize: integer('--batch-size', v['batch-size'], 1, 65536) ?? D.batchSize,
    learningRate: real('--lr', v.lr, 0.00001, 100) ?? D.learningRate,
    regularization: real('--reg', v.reg, 0, 10) ?? D.regularization,
    optimizer: choice('--optimizer', v.optimizer, OPTIMIZERS) ?? D.optimizer,
    schedule: choice('--schedule', v.schedule, SCHEDULES) ?? D.schedule,
    earlyStoppingPatience: integer('--patience', v.patience, 0, 500) ?? D.earlyStoppingPatience,
    hiddenLayers: hiddenLayers(v.hidden) ?? D.hiddenLayers,
    seed: integer('--seed', v.seed, 0, 0xffff_ffff) ?? D.seed,
    testFraction: real('--test-fraction', v['test-fraction'], 0, 1, { exclusive: true }) ?? D.testFraction,
  };
  return {
    data: dataSpec(v),
    config,
    backend: choice('--backend', v.backend, BACKENDS) ?? 'webgpu',
    build: !v['no-build'],
  };
}

function choice<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  const found = allowed.find((a) => a === text);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${text}"`);
  return found;
}

function real(
  flag: string,
  text: string | undefined,
  min: number,
  max: number,
  { exclusive = false }: { exclusive?: boolean } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? NaN : Number(text);
  const inRange = exclusive ? value > min && value < max : value >= min && value <= max;
  if (!Number.isFinite(value) || !inRange) {
    const range = exclusive ? `between ${min} and ${max} (exclusive)` : `from ${min} to ${max}`;
    throw new UsageError(`${flag} must be a number ${range}, not "${text}"`);
  }
  return value;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function hiddenLayers(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const widths = text.split(',').map((part) => (/^\s*\d+\s*$/.test(part) ? Number(part) : NaN));
  if (widths.some((w) => !Number.isSafeInteger(w) || w < 1 || w > 4096)) {
    throw new UsageError(`--hidden must be comma-separated layer widths from 1 to 4096 (e.g. 50,30,20), not "${text}"`);
  }
  return widths;
}

interface DataValues {
  readonly ratings?: string;
  readonly movies?: string;
  readonly train?: string;
  readonly test?: string;
  readonly demo?: boolean;
  readonly 'test-fraction'?: string;
}

function dataSpec(v: DataValues): DataSpec {
  const split = v.train !== undefined || v.test !== undefined;
  const given = [v.demo && '--demo', v.ratings !== undefined && '--ratings', split && '--train/--test'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`Choose one data source, not ${given.join(' and ')}`);
  if (v.demo) {
    if (v.movies !== undefined) throw new UsageError('--movies does not go with --demo');
    return { kind: 'demo', name: 'demo' };
  }
  if (split) {
    if (v.train === undefined || v.test === undefined) throw new UsageError('--train and --test go together');
    if (v['test-fraction'] !== undefined) throw new UsageError('--test-fraction does not apply to a given split (--train/--test)');
    const train = existingFile('--train', v.train);
    const test = existingFile('--test', v.test);
    const movies = v.movies === undefined ? undefined : existingFile('--movies', v.movies);
    return { kind: 'split', name: datasetName(train), train, test, movies };
  }
  if (v.ratings !== undefined) {
    const ratings = existingFile('--ratings', v.ratings);
    const movies = v.movies === undefined ? undefined : existingFile('--movies', v.movies);
    return { kind: 'files', name: datasetName(ratings), ratings, movies };
  }
  if (v.movies !== undefined) throw new UsageError('--movies needs --ratings, or --train and --test');
  const ratings = resolve(DEFAULT_DATA_DIR, 'ratings.csv');
  const movies = resolve(DEFAULT_DATA_DIR, 'movies.csv');
  const missing = [ratings, movies].filter((f) => !isFile(f));
  if (missing.length > 0) {
    throw new Error(
      `No data option was given, and the default MovieLens data is missing: ${missing.join(', ')}.\n` +
        'Put ml-latest-small there, or pass --ratings F [--movies F], --train F --test F, or --demo.',
    );
  }
  return { kind: 'files', name: datasetName(ratings), ratings, movies };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function existingFile(flag: string, path: string): string {
  const absolute = resolve(USER_CWD, path);
  if (!isFile(absolute)) throw new Error(`${flag} ${path}: no such file (${absolute})`);
  return absolute;
}

/** A short name for the JSON: the data's folder ("ml-latest-small"), else the file's stem. */
function datasetName(file: string): string {
  const folder = basename(dirname(file));
  return folder !== '' && folder !== '.' ? folder : basename(file, extname(file));
}

// ---------------------------------------------------------------------------------------------
// Build and serve

function buildBenchPage(): Promise<void> {
  const viteBin = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((done, fail) => {
    // Vite's output goes to stderr: stdout is kept for the epoch lines and the JSON.
    const child = spawn(process.execPath, [viteBin, 'build', '--config', 'bench/vite.config.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2],
    });
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      code === 0 ? done() : fail(new Error(`Building the bench page failed (vite build: ${signal ?? `exit ${code}`})`)),
    );
  });
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file server for `root` on 127.0.0.1 (a secure context, as WebGPU needs). */
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const fail = (status: number) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${status}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return fail(400);
    }
    const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (!file.startsWith(root + sep)) return fail(403);
    if (!isFile(file)) return fail(404);
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

// ---------------------------------------------------------------------------------------------
// The run

function formatProblem(problem: ImportProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}, line ${problem.line}`;
  return `${where}: ${problem.message}. Expected ${problem.expected}`;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function epochLine(m: EpochMetrics, of: number): string {
  const perStep = m.steps > 0 ? `${(m.trainMs / m.steps).toFixed(2)} ms/step` : 'no steps';
  return (
    `epoch ${String(m.epoch).padStart(String(of).length)}/${of}  ` +
    `train RMSE ${m.trainRmse.toFixed(4)}  test RMSE ${m.testRmse.toFixed(4)}  ` +
    `${(m.durationMs / 1000).toFixed(2)} s  (${m.steps} steps, ${perStep}, lr ${m.learningRate.toPrecision(3)})`
  );
}

/** Rejects when the page or the worker dies, so a call waiting on the worker cannot hang. */
function watchForCrash(page: Page): Promise<never> {
  return new Promise((_, fail) => {
    page.on('crash', () => fail(new Error('The bench page crashed')));
    page.on('pageerror', (error) => fail(new Error(`Uncaught error in the bench page: ${error.message}`)));
    page.on('worker', (worker) =>
      worker.on('close', () => {
        if (!page.isClosed()) fail(new Error('The recommender worker closed unexpectedly'));
      }),
    );
  });
}

async function recommenderWorker(page: Page): Promise<Worker> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const workers = page.workers();
    const worker = workers.find((w) => w.url().includes('recommender')) ?? (workers.length === 1 ? workers[0] : undefined);
    if (worker) return worker;
    if (Date.now() > deadline) throw new Error('The bench page started no recommender worker within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Counts WebGPU compute dispatches in the worker from now on (patching GPUComputePassEncoder's
 * dispatch methods once). False when the worker has no WebGPU.
 */
async function startCountingDispatches(worker: Worker): Promise<boolean> {
  // Runs in the worker. No named inner functions: tsx would wrap them in a helper that does not
  // exist on the other side.
  return worker.evaluate(() => {
    const scope = globalThis as unknown as {
      GPUComputePassEncoder?: { prototype: Record<string, unknown> };
      benchDispatches?: number;
    };
    const encoder = scope.GPUComputePassEncoder;
    if (encoder === undefined) return false;
    if (scope.benchDispatches === undefined) {
      for (const method of ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect']) {
        const original = encoder.prototype[method];
        if (typeof original !== 'function') continue;
        encoder.prototype[method] = function (this: unknown, ...args: unknown[]): unknown {
          scope.benchDispatches = (scope.benchDispatches ?? 0) + 1;
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
    }
    scope.benchDispatches = 0;
    return true;
  });
}

function countedDispatches(worker: Worker): Promise<number> {
  return worker.evaluate(() => (globalThis as unknown as { benchDispatches?: number }).benchDispatches ?? 0);
}

async function importData(page: Page, data: DataSpec): Promise<ImportOutcome> {
  const setFiles = (input: FileInputId, files: readonly (string | undefined)[]) =>
    page.setInputFiles(`#${input}`, files.filter((f): f is string => f !== undefined));
  switch (data.kind) {
    case 'demo':
      return page.evaluate(() => window.bench!.client.importDemo());
    case 'files':
      await setFiles('files', [data.ratings, data.movies]);
      return page.evaluate(() => window.bench!.importInputFiles());
    case 'split':
      await setFiles('train-files', [data.train, data.movies]);
      // One shared id map: the movies file goes with one side only (the worker refuses two).
      await setFiles('test-files', [data.test]);
      return page.evaluate(() => window.bench!.importInputSplit());
  }
}

interface BenchReport {
  readonly dataset: string;
  readonly model: ModelKind;
  readonly backend: BackendName;
  readonly epochs: number;
  readonly factors: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly regularization: number;
  readonly optimizer: OptimizerKind;
  readonly schedule: ScheduleKind;
  readonly trainRmse: number[];
  readonly testRmse: number[];
  readonly bestTestRmse: number;
  readonly bestEpoch: number;
  readonly msPerEpoch: number[];
  readonly msPerStep: number | null;
  readonly dispatchesPerStep: number | null;
}

async function run(options: BenchOptions, cleanups: (() => Promise<void>)[]): Promise<BenchReport> {
  const { data, config } = options;
  if (options.build) await buildBenchPage();
  if (!isFile(resolve(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR}/index.html is missing: run without --no-build first`);
  }
  const executablePath = findChromium();
  if (executablePath === undefined) {
    throw new Error('No Chromium found: set CHROMIUM_PATH, or install one (sudo apt-get install -y chromium)');
  }

  const { server, url } = await serve(DIST_DIR);
  cleanups.push(() => closeServer(server));
  const browser: Browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
  cleanups.push(() => browser.close());

  const page = await browser.newPage();
  const crashed = watchForCrash(page);
  crashed.catch(() => {}); // raced below; never an unhandled rejection
  const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, crashed]);
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`[page] ${message.text()}\n`);
  });

  const printed = new Set<number>();
  const printEpoch = (metrics: EpochMetrics) => {
    if (printed.has(metrics.epoch)) return;
    printed.add(metrics.epoch);
    console.log(epochLine(metrics, config.epochs));
  };
  await page.exposeFunction('benchOnStart', (start: TrainingStart) => {
    console.log(
      `training on ${start.trainCount} ratings, testing on ${start.testCount}; ` +
        `bias-only baseline test RMSE ${start.baselineTestRmse.toFixed(4)}`,
    );
  });
  await page.exposeFunction('benchOnEpoch', printEpoch);
  await page.exposeFunction('benchOnEngine', (engine: string, note: string | undefined) => {
    console.log(`engine: ${engine}${note ? ` (${note})` : ''}`);
  });

  await guard(page.goto(url));
  // window.bench exists from here on (hence the `window.bench!` in the evaluated functions).
  // Keep those functions one-liners: tsx compiles this file keeping function names, which wraps
  // named inner functions (e.g. `{ onEpoch: (m) => … }`) in a `__name` helper the page lacks.
  await guard(page.waitForFunction(() => window.bench !== undefined));
  const worker = await guard(recommenderWorker(page));

  const backendInfo: BackendInfo = await guard(
    page.evaluate((preferred) => window.bench!.client.initBackend(preferred), options.backend),
  );
  console.log(
    `backend: ${backendInfo.backend}` +
      (backendInfo.fallbackReasons.length > 0 ? ` (${backendInfo.fallbackReasons.join('; ')})` : ''),
  );
  if (backendInfo.backend !== options.backend) {
    process.stderr.write(`warning: --backend ${options.backend} was asked for, ${backendInfo.backend} runs\n`);
  }

  const importStarted = performance.now();
  const outcome = await guard(importData(page, data));
  if (!outcome.ok) throw new Error(`Import failed: ${formatProblem(outcome.problem)}`);
  const { summary, report } = outcome;
  console.log(
    `data: ${summary.name}: ${summary.ratingCount} ratings, ${summary.userCount} users, ${summary.movieCount} movies` +
      (report.totalSkipped > 0 ? `, ${report.totalSkipped} rows skipped` : '') +
      ` (imported in ${((performance.now() - importStarted) / 1000).toFixed(2)} s)`,
  );

  const counting = backendInfo.backend === 'webgpu' && (await guard(startCountingDispatches(worker)));
  if (backendInfo.backend === 'webgpu' && !counting) {
    process.stderr.write('warning: the worker has no GPUComputePassEncoder; dispatches are not counted\n');
  }
  const result: TrainingResult = await guard(
    page.evaluate((trainingConfig) => window.bench!.train(trainingConfig), config),
  );
  const dispatches = counting ? await guard(countedDispatches(worker)) : undefined;

  // Epoch lines may still be in flight from the page: print any the history has and we lack.
  for (const metrics of result.history) printEpoch(metrics);
  const history = result.history;
  if (history.length === 0) throw new Error('Training finished without a single epoch');
  const totalSteps = history.reduce((sum, m) => sum + m.steps, 0);
  const perStep = median(history.filter((m) => m.steps > 0).map((m) => m.trainMs / m.steps));
  console.log(
    `best test RMSE ${result.bestTestRmse.toFixed(4)} at epoch ${result.bestEpoch} of ${history.length} ` +
      `(${result.state}, weights of epoch ${result.keptEpoch} kept; engine ${result.engine})`,
  );

  return {
    dataset: data.name,
    model: config.model,
    backend: backendInfo.backend,
    epochs: history.length,
    factors: config.factors,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    regularization: config.regularization,
    optimizer: config.optimizer,
    schedule: config.schedule,
    trainRmse: history.map((m) => m.trainRmse),
    testRmse: history.map((m) => m.testRmse),
    bestTestRmse: result.bestTestRmse,
    bestEpoch: result.bestEpoch,
    msPerEpoch: history.map((m) => round(m.durationMs, 1)),
    msPerStep: perStep === null ? null : round(perStep, 3),
    // Every compute dispatch while train() ran, over all optimisation steps: the per-epoch
    // evaluation of the train and test RMSE is included, amortised over the epoch's steps.
    dispatchesPerStep: dispatches === undefined || totalSteps === 0 ? null : round(dispatches / totalSteps, 2),
  };
}

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => {});
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    process.stderr.write(`bench: ${signal}, closing the browser and server\n`);
    void cleanUp().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const report = await run(options, cleanups);
    console.log(JSON.stringify(report));
    return 0;
  } catch (error) {
    // After a signal, the calls in flight fail because the browser is closing: not news.
    if (!interrupted) process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main();
