/**
 * The benchmark: `npm run bench -- [options]` (see USAGE). Builds the bench page
 * (bench/index.html) in production mode, serves it on 127.0.0.1, opens it in headless Chromium
 * with WebGPU, loads data into the recommender worker, trains, and prints one line per epoch
 * and, as the last line, one JSON object with the results.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page, Worker } from '@playwright/test';
import {
  DEFAULT_TRAINING_CONFIG,
  OPTIMIZER_DEFAULTS,
  optimizersFor,
  SETTING_RANGES,
  type ModelKind,
  type OptimizerKind,
  type RankerKind,
  sizedDefaults,
  trainingRatingCount,
  type ScheduleKind,
  type TrainingConfig,
} from '../src/recsys/training-config';
import { DEFAULT_IALS_CONFIG, type IalsConfig } from '../src/recsys/models/ials';
import type {
  BackendInfo,
  BackendName,
  EpochMetrics,
  ImportOutcome,
  RankerReport,
  RankingMetrics,
  TrainingResult,
  TrainingStart,
} from '../src/worker/api';
import type { FileInputId } from './bench-api';
import { measureNewPeople, type NewPeopleReport } from './new-people-bench';
import { buildDataset } from '../src/recsys/import/build-dataset';
import { generateDemoCsv } from '../src/recsys/demo-data';
import { rankerConfig } from '../src/worker/services/ranker-training';
import { findTorchPython, runTorchPeer, type TorchPeerReport } from './torch-peer';
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
  recommenderWorker,
  round,
  runDriver,
  serve,
  table,
  type Cleanups,
} from './harness';

const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data/ml-latest-small');

const MODELS: readonly ModelKind[] = ['biased-mf', 'mf', 'mlp'];
const OPTIMIZERS: readonly OptimizerKind[] = ['gibbs', 'adam', 'sgd'];
const SCHEDULES: readonly ScheduleKind[] = ['constant', 'bold-driver'];
const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
const RANKERS: readonly RankerKind[] = ['ials', 'none'];
const I = DEFAULT_IALS_CONFIG;

const D = DEFAULT_TRAINING_CONFIG;
const R = SETTING_RANGES;

/** "100 gibbs, 30 adam, 30 sgd": a setting's default per optimizer (OPTIMIZER_DEFAULTS). */
function optimizerDefaults(key: 'epochs' | 'factors' | 'validationFraction'): string {
  return OPTIMIZERS.map((optimizer) => `${OPTIMIZER_DEFAULTS[optimizer][key]} ${optimizer}`).join(', ');
}

const USAGE = `Usage: npm run bench -- [data] [model options] [run options]

Trains a recommender in headless Chromium (TensorFlow.js in the app's worker, production build),
prints one line per epoch, and as the last line one JSON object:
{"dataset","model","backend","epochs","factors","batchSize","learningRate","regularization",
 "optimizer","schedule","trainRmse":[..],"validationRmse":[..],"testRmse":[..],"reportedTestRmse","bestEpoch","refitEpochs",
 "msPerEpoch":[..],"msPerStep","dispatchesPerStep",
 "picks":{precisionAt10,recallAt10,ndcgAt10,rankedBy} (exactly the list Top picks shows),
 "popularity":{..}, "ranker":{engine,factors,sweeps,msPerSweep,dispatchesPerSweep,validationNdcg:[..]}}

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
  ['--epochs N', `${R.epochs.min}-${R.epochs.max} [${optimizerDefaults('epochs')}]`],
  ['--factors N', `${R.factors.min}-${R.factors.max} [${optimizerDefaults('factors')}]`],
  ['--batch-size N', `${R.batchSize.min}-${R.batchSize.max} [${D.batchSize}; without it and --lr,`],
  ['', 'larger for a large set on a hardware GPU, as the app chooses]'],
  ['--lr X', `learning rate, ${R.learningRate.min}-${R.learningRate.max} [${D.learningRate}, idem]`],
  ['--reg X', `L2 regularization, ${R.regularization.min}-${R.regularization.max} [${D.regularization}]`],
  [`--optimizer ${OPTIMIZERS.join('|')}`, `[${D.optimizer} for biased-mf, else adam; gibbs: Bayesian MF]`],
  [`--schedule ${SCHEDULES.join('|')}`, `[${D.schedule}]`],
  ['--patience N', `stop after N epochs without a better validation RMSE, 0 = off [${D.earlyStoppingPatience}]`],
  [
    '--validation-fraction X',
    `share of the training ratings carved off for validation, 0 = none [${optimizerDefaults('validationFraction')}]`,
  ],
  ['--no-refit', 'keep the model validation chose instead of retraining it on all training ratings'],
  ['--hidden A,B,...', `mlp hidden layer widths [${D.hiddenLayers.join(',')}]`],
  ['--seed N', `seeds the split, initial weights and shuffles [${D.seed}]`],
  ['--test-fraction X', `held-out share of a random split, 0 < X < 1 [${D.testFraction}]`],
  [`--ranker ${RANKERS.join('|')}`, `the model that orders picks [${D.ranker}]`],
  ['--ranker-factors N', `iALS k [${I.factors}]`],
  ['--ranker-iterations N', `iALS sweeps at most (validation early-stops) [${I.iterations}]`],
  ['--ranker-reg X', `iALS λ [${I.regularization}]`],
  ['--ranker-alpha X', `iALS weight of unobserved cells α0 [${I.unobservedWeight}]`],
])}

Run:
${table([
  [`--backend ${BACKENDS.join('|')}`, 'backend to try first [webgpu]; the JSON says which one ran'],
  ['--engine auto|webgpu|cpu', 'where iALS and Gibbs run [auto: the CPU on a software GPU]'],
  ['--until done|first-picks', 'first-picks: stop once the first picks are listed [done]'],
  ['--peer torch|none', 'then train the PyTorch peer (bench/peers/torch_mf.py) on the same'],
  ['', 'file with the same settings and report the epoch-time ratio [torch'],
  ['', 'when a Python with torch is found and the data is a ratings file]'],
  ['--peer-epochs N', 'epochs of the peer, 1-100 [5]'],
  ['--python P', 'the Python for the peer [python3, then /usr/bin/python3]'],
  ['--new-people', 'then For you for people never trained on, by question order (newPeople in the JSON)'],
  ['--new-people-seed N', 'seeds who the new people are and what each remembers [0]'],
  ['--no-build', 'reuse dist-bench/ instead of building the bench page'],
  ['-h, --help', 'this text'],
])}

Exit status: 0 on success, 1 on any failure.`;

type DataSpec =
  | { readonly kind: 'demo'; readonly name: string }
  | { readonly kind: 'files'; readonly name: string; readonly ratings: string; readonly movies?: string }
  | { readonly kind: 'split'; readonly name: string; readonly train: string; readonly test: string; readonly movies?: string };

interface BenchOptions {
  readonly until: 'done' | 'first-picks';
  readonly data: DataSpec;
  readonly config: TrainingConfig;
  readonly backend: BackendName;
  readonly build: boolean;
  /** Neither --batch-size nor --lr was given: both follow the training set's size, as in the app. */
  readonly sizedBatch: boolean;
  /** undefined: torch when it can run (a Python with torch, a ratings file). */
  readonly peer: 'torch' | 'none' | undefined;
  readonly peerEpochs: number;
  readonly python: string | undefined;
  /** The seed of the new-people protocol, when --new-people asks for it. */
  readonly newPeopleSeed: number | undefined;
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
        'validation-fraction': { type: 'string' },
        'no-refit': { type: 'boolean' },
        ranker: { type: 'string' },
        'ranker-factors': { type: 'string' },
        'ranker-iterations': { type: 'string' },
        'ranker-reg': { type: 'string' },
        'ranker-alpha': { type: 'string' },
        backend: { type: 'string' },
        engine: { type: 'string' },
        until: { type: 'string' },
        peer: { type: 'string' },
        'peer-epochs': { type: 'string' },
        python: { type: 'string' },
        'no-build': { type: 'boolean' },
        'new-people': { type: 'boolean' },
        'new-people-seed': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const model = choice('--model', v.model, MODELS) ?? D.model;
  // As in the app: Gibbs sampling for biased MF, Adam for the models it cannot fit.
  const optimizer = choice('--optimizer', v.optimizer, OPTIMIZERS) ?? (optimizersFor(model).includes(D.optimizer) ? D.optimizer : 'adam');
  if (!optimizersFor(model).includes(optimizer)) throw new UsageError(`--optimizer ${optimizer} does not fit --model ${model}`);
  const config: TrainingConfig = {
    model,
    epochs: integer('--epochs', v.epochs, R.epochs.min, R.epochs.max) ?? OPTIMIZER_DEFAULTS[optimizer].epochs,
    factors: integer('--factors', v.factors, R.factors.min, R.factors.max) ?? OPTIMIZER_DEFAULTS[optimizer].factors,
    batchSize: integer('--batch-size', v['batch-size'], R.batchSize.min, R.batchSize.max) ?? D.batchSize,
    learningRate: real('--lr', v.lr, R.learningRate.min, R.learningRate.max) ?? D.learningRate,
    regularization: real('--reg', v.reg, R.regularization.min, R.regularization.max) ?? D.regularization,
    optimizer,
    schedule: choice('--schedule', v.schedule, SCHEDULES) ?? D.schedule,
    earlyStoppingPatience:
      integer('--patience', v.patience, R.earlyStoppingPatience.min, R.earlyStoppingPatience.max) ?? D.earlyStoppingPatience,
    hiddenLayers: hiddenLayers(v.hidden) ?? D.hiddenLayers,
    seed: integer('--seed', v.seed, 0, 0xffff_ffff) ?? D.seed,
    testFraction: real('--test-fraction', v['test-fraction'], 0, 1, { exclusive: true }) ?? D.testFraction,
    validationFraction:
      real('--validation-fraction', v['validation-fraction'], R.validationFraction.min, R.validationFraction.max) ??
      OPTIMIZER_DEFAULTS[optimizer].validationFraction,
    refit: v['no-refit'] ? false : D.refit,
    ranker: choice('--ranker', v.ranker, RANKERS) ?? D.ranker,
    rankerSettings: rankerSettings(v),
    engine: choice('--engine', v.engine, ['auto', 'webgpu', 'cpu'] as const) ?? 'auto',
    measureFirstPicks: true,
  };
  const until = choice('--until', v.until, ['done', 'first-picks'] as const) ?? 'done';
  if (until === 'first-picks' && config.ranker === 'none') throw new UsageError('--until first-picks needs a ranker (--ranker ials)');
  return {
    until,
    data: dataSpec(v),
    config,
    backend: choice('--backend', v.backend, BACKENDS) ?? 'webgpu',
    build: !v['no-build'],
    sizedBatch: v['batch-size'] === undefined && v.lr === undefined,
    peer: choice('--peer', v.peer, ['torch', 'none'] as const),
    peerEpochs: integer('--peer-epochs', v['peer-epochs'], 1, 100) ?? 5,
    python: v.python,
    newPeopleSeed: v['new-people']
      ? (integer('--new-people-seed', v['new-people-seed'], 0, 0xffff_ffff) ?? 0)
      : v['new-people-seed'] === undefined
        ? undefined
        : usage('--new-people-seed goes with --new-people'),
  };
}

function usage(message: string): never {
  throw new UsageError(message);
}

function rankerSettings(v: Record<string, string | boolean | undefined>): Partial<IalsConfig> {
  const text = (flag: string) => (typeof v[flag] === 'string' ? v[flag] : undefined);
  const settings: { -readonly [K in keyof IalsConfig]?: number } = {};
  const factors = integer('--ranker-factors', text('ranker-factors'), 1, 256);
  const iterations = integer('--ranker-iterations', text('ranker-iterations'), 1, 200);
  const regularization = real('--ranker-reg', text('ranker-reg'), 0, 1000);
  const unobservedWeight = real('--ranker-alpha', text('ranker-alpha'), 0, 1000);
  if (factors !== undefined) settings.factors = factors;
  if (iterations !== undefined) settings.iterations = iterations;
  if (regularization !== undefined) settings.regularization = regularization;
  if (unobservedWeight !== undefined) settings.unobservedWeight = unobservedWeight;
  return settings;
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
  readonly 'validation-fraction'?: string;
  readonly 'no-refit'?: boolean;
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

// ---------------------------------------------------------------------------------------------
// The run

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
    page.setInputFiles(
      `#${input}`,
      files.filter((f): f is string => f !== undefined),
    );
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

interface Metrics10 {
  readonly precisionAt10: number;
  readonly recallAt10: number;
  readonly ndcgAt10: number;
}

const metrics10 = (m: RankingMetrics): Metrics10 => ({
  precisionAt10: round(m.precisionAtK, 4),
  recallAt10: round(m.recallAtK, 4),
  ndcgAt10: round(m.ndcgAtK, 4),
});

interface BenchReport {
  /** The headline: seconds from the start of training to the first listed picks and to the
   * final ones, and the NDCG@10 of each list on the test split (ranking-metrics.ts protocol). */
  readonly timeToPicks: {
    readonly firstPicksS: number | null;
    readonly firstPicksNdcgAt10: number | null;
    readonly firstPicksSweep: number | null;
    readonly firstPicksFactors: number | null;
    readonly finalS: number | null;
    readonly finalNdcgAt10: number | null;
  };
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
  readonly reportedTestRmse: number;
  readonly validationRmse: readonly number[];
  readonly validationFraction: number;
  readonly refitEpochs: number | null;
  readonly bestEpoch: number;
  readonly msPerEpoch: number[];
  readonly msPerStep: number | null;
  readonly dispatchesPerStep: number | null;
  /** Top-10 ranking on the test split (relevant: rating ≥ 4); null for the MLP. */
  readonly precisionAt10: number | null;
  readonly recallAt10: number | null;
  readonly ndcgAt10: number | null;
  readonly popularity: { readonly precisionAt10: number; readonly recallAt10: number; readonly ndcgAt10: number } | null;
  /** Exactly the list Top picks shows with these settings (ranked by the ranking model when
   * there is one), same protocol. */
  readonly picks: (Metrics10 & { readonly rankedBy: 'match' | 'rating' }) | null;
  /** The ranking model over every movie. */
  readonly rankerRanking: Metrics10 | null;
  readonly ranker: {
    readonly engine: string;
    readonly factors: number;
    readonly sweeps: number;
    readonly msPerSweep: number | null;
    readonly dispatchesPerSweep: number | null;
    readonly validationNdcg: number[];
    readonly popularityValidationNdcg: number | null;
  } | null;
  /** The PyTorch peer on the same file with the same settings, trained after the app in the same
   * session (null when not run: see peerNote). */
  readonly torchPeer: TorchPeerReport | null;
  /** The app's median epoch (steps + train/test RMSE) over the peer's; below 1 is faster. */
  readonly epochTimeRatio: number | null;
  /** The same for the optimisation steps alone. */
  readonly stepTimeRatio: number | null;
  readonly peerNote: string | null;
  /** The rating model among movies with enough ratings, as the app listed picks before the ranker. */
  /** For you for people the model never saw, by question order (--new-people; new-people-bench.ts). */
  readonly newPeople?: NewPeopleReport;
  readonly asListed: {
    readonly precisionAt10: number;
    readonly recallAt10: number;
    readonly ndcgAt10: number;
    readonly minimumRatings: number;
  } | null;
}

async function run(options: BenchOptions, cleanups: Cleanups): Promise<BenchReport | FirstPicksReport> {
  const { data } = options;
  let { config } = options;
  const executablePath = await prepareBenchPage(options.build);

  const { server, url } = await serve(DIST_DIR);
  cleanups.push(() => closeServer(server));
  const browser = await launchBrowser(executablePath);
  cleanups.push(() => browser.close());

  const printed = new Set<number>();
  const printEpoch = (metrics: EpochMetrics) => {
    if (printed.has(metrics.epoch)) return;
    printed.add(metrics.epoch);
    console.log(epochLine(metrics, config.epochs));
  };
  let popularityValidationNdcg: number | null = null;
  let stopAsked = false;
  const { page, guard } = await openBenchPage(browser, url, async (page) => {
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
    await page.exposeFunction('benchOnRanker', (report: RankerReport) => {
      if (report.type === 'start') {
        popularityValidationNdcg = report.popularity.ndcgAtK;
        console.log(
          `ranker: iALS on ${report.engine}${report.note ? ` (${report.note})` : ''}; ` +
            `validation carve ${report.validationCount} ratings, popularity NDCG@10 ${report.popularity.ndcgAtK.toFixed(4)}`,
        );
      } else if (report.type === 'picks') {
        console.log(`picks listed (${report.phase} ranking model) ${report.seconds.toFixed(2)} s after the training started`);
        if (options.until === 'first-picks' && !stopAsked) {
          stopAsked = true;
          void page.evaluate(() => window.bench!.client.stopTraining());
        }
      } else {
        const metric = report.validation ? ` validation NDCG@10 ${report.validation.ndcgAtK.toFixed(4)}` : '';
        console.log(`ranker ${report.phase} sweep ${report.iteration}:${metric} (${(report.seconds * 1000).toFixed(1)} ms)`);
      }
    });
  });
  // window.bench exists from here on (hence the `window.bench!` in the evaluated functions);
  // keep those functions one-liners (see openBenchPage).
  const worker = await guard(recommenderWorker(page));

  const started = await guard(page.evaluate((preferred) => window.bench!.client.initBackend(preferred), options.backend));
  if (!started.ok) throw new Error(started.message);
  const backendInfo: BackendInfo = started;
  console.log(
    `backend: ${backendInfo.backend}` + (backendInfo.fallbackReasons.length > 0 ? ` (${backendInfo.fallbackReasons.join('; ')})` : ''),
  );
  if (backendInfo.backend !== options.backend) {
    process.stderr.write(`warning: --backend ${options.backend} was asked for, ${backendInfo.backend} runs\n`);
  }

  const importStarted = performance.now();
  const outcome = await guard(importData(page, data));
  if (!outcome.ok) throw new Error(`Import failed: ${outcome.problem ? formatProblem(outcome.problem) : outcome.message}`);
  const { summary, report } = outcome;
  console.log(
    `data: ${summary.name}: ${summary.ratingCount} ratings, ${summary.userCount} users, ${summary.movieCount} movies` +
      (report.totalSkipped > 0 ? `, ${report.totalSkipped} rows skipped` : '') +
      ` (imported in ${((performance.now() - importStarted) / 1000).toFixed(2)} s)`,
  );

  if (options.sizedBatch) {
    config = sizedDefaults(trainingRatingCount(summary, config.testFraction), { hardwareGpu: backendInfo.softwareGpu === false }, config);
    options = { ...options, config };
    console.log(`batch size ${config.batchSize}, learning rate ${config.learningRate} (as the app chooses for this set and device)`);
  }
  const counting = backendInfo.backend === 'webgpu' && (await guard(startCountingDispatches(worker)));
  if (backendInfo.backend === 'webgpu' && !counting) {
    process.stderr.write('warning: the worker has no GPUComputePassEncoder; dispatches are not counted\n');
  }
  const trainingStarted = performance.now();
  const trained = await guard(page.evaluate((trainingConfig) => window.bench!.train(trainingConfig), config));
  if (!trained.ok) throw new Error(`Training failed (${trained.code}): ${trained.message}`);
  const result: TrainingResult = trained;
  const trainingSeconds = (performance.now() - trainingStarted) / 1000;
  const timeToPicks: BenchReport['timeToPicks'] = {
    firstPicksS: result.firstPicks ? round(result.firstPicks.seconds, 2) : null,
    firstPicksNdcgAt10: result.firstPicks?.ranking ? round(result.firstPicks.ranking.ndcgAtK, 4) : null,
    firstPicksSweep: result.firstPicks?.iteration ?? null,
    firstPicksFactors: result.firstPicks?.factors ?? null,
    // Until first-picks stops the run there: no final list.
    finalS: result.state === 'done' ? round(trainingSeconds, 2) : null,
    finalNdcgAt10: result.state === 'done' && result.ranking ? round(result.ranking.picks.ndcgAtK, 4) : null,
  };
  console.log(
    `time to picks: first ${timeToPicks.firstPicksS ?? '–'} s (NDCG@10 ${timeToPicks.firstPicksNdcgAt10 ?? '–'}, sweep ` +
      `${timeToPicks.firstPicksSweep ?? '–'}), final ${timeToPicks.finalS ?? '–'} s (NDCG@10 ${timeToPicks.finalNdcgAt10 ?? '–'})`,
  );
  if (options.until === 'first-picks') return firstPicksReport(options, backendInfo, result, timeToPicks);
  const allDispatches = counting ? await guard(countedDispatches(worker)) : undefined;
  // The rating model's own dispatches: the ranker's sweeps and scoring are counted apart.
  const dispatches = allDispatches === undefined ? undefined : allDispatches - (result.rankerDispatches ?? 0);

  // Epoch lines may still be in flight from the page: print any the history has and we lack.
  for (const metrics of result.history) printEpoch(metrics);
  const history = result.history;
  if (history.length === 0) throw new Error('Training finished without a single epoch');
  void stopAsked;
  // The refit's steps too: its dispatches are in the count.
  const totalSteps = history.reduce((sum, m) => sum + m.steps, 0) + (result.refit?.steps ?? 0);
  const perStep = median(history.filter((m) => m.steps > 0).map((m) => m.trainMs / m.steps));
  const chosen = Number.isNaN(result.validationRmse)
    ? `no validation carve, epoch ${result.keptEpoch} of ${history.length} kept`
    : `validation (RMSE ${result.validationRmse.toFixed(4)}) chose epoch ${result.bestEpoch} of ${history.length}`;
  console.log(
    `test RMSE ${result.reportedTestRmse.toFixed(4)}: ${chosen}` +
      (result.refit
        ? `, refit on all training ratings for ${result.refit.epochs} epochs (${Math.round(result.refit.durationMs)} ms)`
        : '') +
      ` (${result.state}; engine ${result.engine})`,
  );
  // The peer runs once the browser is idle (never two timed things at once).
  const peer = runPeer(options);
  const appEpochMs = median(history.map((m) => m.durationMs));
  const appTrainMs = median(history.map((m) => m.trainMs));
  const epochTimeRatio = peer.report && appEpochMs !== null ? round(appEpochMs / peer.report.msPerEpoch, 3) : null;
  const stepTimeRatio = peer.report && appTrainMs !== null ? round(appTrainMs / peer.report.trainMsPerEpoch, 3) : null;
  if (peer.report) {
    console.log(
      `PyTorch peer (${peer.report.torch}, ${peer.report.threads} threads): ${peer.report.msPerEpoch} ms per epoch ` +
        `(${peer.report.trainMsPerEpoch} ms of steps), test RMSE ${peer.report.lastTestRmse} after ${peer.report.epochs}; ` +
        `the app's epoch is ${epochTimeRatio}× the peer's (steps alone ${stepTimeRatio}×)`,
    );
  } else if (peer.note) {
    console.log(`PyTorch peer not run: ${peer.note}`);
  }

  const newPeople = options.newPeopleSeed === undefined ? undefined : await newPeopleOf(options, options.newPeopleSeed);
  return {
    ...(newPeople && { newPeople }),
    timeToPicks,
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
    validationRmse: history.map((m) => m.validationRmse),
    testRmse: history.map((m) => m.testRmse),
    reportedTestRmse: result.reportedTestRmse,
    validationFraction: config.validationFraction,
    refitEpochs: result.refit?.epochs ?? null,
    bestEpoch: result.bestEpoch,
    msPerEpoch: history.map((m) => round(m.durationMs, 1)),
    msPerStep: perStep === null ? null : round(perStep, 3),
    // Every compute dispatch while train() ran, over all optimisation steps (the refit's
    // included): the per-epoch evaluation of the train, validation and test RMSE is included,
    // amortised over the epoch's steps.
    dispatchesPerStep: dispatches === undefined || totalSteps === 0 ? null : round(dispatches / totalSteps, 2),
    precisionAt10: result.ranking ? round(result.ranking.model.precisionAtK, 4) : null,
    recallAt10: result.ranking ? round(result.ranking.model.recallAtK, 4) : null,
    ndcgAt10: result.ranking ? round(result.ranking.model.ndcgAtK, 4) : null,
    popularity: result.ranking
      ? {
          precisionAt10: round(result.ranking.popularity.precisionAtK, 4),
          recallAt10: round(result.ranking.popularity.recallAtK, 4),
          ndcgAt10: round(result.ranking.popularity.ndcgAtK, 4),
        }
      : null,
    picks: result.ranking ? { ...metrics10(result.ranking.picks), rankedBy: result.ranking.picks.rankedBy } : null,
    rankerRanking: result.ranking?.ranker ? metrics10(result.ranking.ranker) : null,
    ranker: rankerReport(result, popularityValidationNdcg),
    torchPeer: peer.report ?? null,
    epochTimeRatio,
    stepTimeRatio,
    peerNote: peer.note ?? null,
    asListed: result.ranking
      ? {
          precisionAt10: round(result.ranking.modelAsListed.precisionAtK, 4),
          recallAt10: round(result.ranking.modelAsListed.recallAtK, 4),
          ndcgAt10: round(result.ranking.modelAsListed.ndcgAtK, 4),
          minimumRatings: result.ranking.modelAsListed.minimumRatings,
        }
      : null,
  };
}

/** The new-people protocol on the same data, in Node, after the page's run (never two timed
 * things at once). The ranking model is the app's, with the run's settings. */
async function newPeopleOf(options: BenchOptions, seed: number): Promise<NewPeopleReport> {
  const { data } = options;
  const text = (file: string) => readFileSync(file, 'utf8');
  let files: { name: string; text: string }[];
  if (data.kind === 'demo') {
    const demo = generateDemoCsv();
    files = [
      { name: 'movies.csv', text: demo.moviesCsv },
      { name: 'ratings.csv', text: demo.ratingsCsv },
    ];
  } else {
    // A given split is one set of people here: its two files' ratings together.
    const ratings =
      data.kind === 'files' ? text(data.ratings) : `${text(data.train).trimEnd()}\n${text(data.test).split('\n').slice(1).join('\n')}`;
    files = [...(data.movies ? [{ name: 'movies.csv', text: text(data.movies) }] : []), { name: 'ratings.csv', text: ratings }];
  }
  const { dataset } = buildDataset(files, data.name);
  console.log(`new people: ${dataset.ratings.rating.length} ratings read in Node`);
  return measureNewPeople(
    dataset.ratings,
    { userCount: dataset.users.size, movieCount: dataset.movies.size },
    rankerConfig(options.config),
    { seed },
  );
}

function runPeer(options: BenchOptions): { report?: TorchPeerReport; note?: string } {
  if (options.peer === 'none') return { note: '--peer none' };
  const { data, config } = options;
  const ratingsFile = data.kind === 'files' ? data.ratings : undefined;
  const why =
    ratingsFile === undefined
      ? 'the peer reads a ratings file (--ratings), not the demo data or a given split'
      : config.model !== 'biased-mf'
        ? `the peer is biased MF, not ${config.model}`
        : config.optimizer !== 'adam'
          ? `the peer is fitted by Adam (its epoch is what the app's Adam epoch is timed against), not ${config.optimizer}`
          : undefined;
  if (why || ratingsFile === undefined) {
    if (options.peer === 'torch') throw new UsageError(`--peer torch: ${why}`);
    return { note: why };
  }
  const found = findTorchPython(options.python);
  if ('missing' in found) {
    if (options.peer === 'torch') throw new Error(`--peer torch: ${found.missing}`);
    return { note: found.missing };
  }
  console.log(`PyTorch peer: ${options.peerEpochs} epochs of biased MF, k ${config.factors}, batch ${config.batchSize}…`);
  return { report: runTorchPeer(found.python, ratingsFile, config, options.peerEpochs) };
}

/** The report of a run stopped at its first picks (--until first-picks): no rating model ran. */
function firstPicksReport(
  options: BenchOptions,
  backendInfo: BackendInfo,
  result: TrainingResult,
  timeToPicks: BenchReport['timeToPicks'],
): FirstPicksReport {
  const popularity = result.firstPicks?.popularity;
  return {
    timeToPicks,
    dataset: options.data.name,
    backend: backendInfo.backend,
    ranker: rankerReport(result, null),
    popularity: popularity ? metrics10(popularity) : null,
  };
}

type FirstPicksReport = Pick<BenchReport, 'timeToPicks' | 'dataset' | 'backend' | 'ranker' | 'popularity'>;

function rankerReport(result: TrainingResult, popularityValidationNdcg: number | null): BenchReport['ranker'] {
  if (!result.ranker || !result.rankerEngine) return null;
  const sweeps = result.rankerHistory ?? [];
  const perSweep = median(sweeps.map((m) => m.seconds * 1000));
  return {
    engine: result.rankerEngine,
    factors: result.ranker.factors,
    sweeps: sweeps.length,
    msPerSweep: perSweep === null ? null : round(perSweep, 1),
    dispatchesPerSweep: result.rankerEngine === 'webgpu-ials' ? 6 : null,
    validationNdcg: sweeps.flatMap((m) => (m.validation ? [round(m.validation.ndcgAtK, 4)] : [])),
    popularityValidationNdcg: popularityValidationNdcg === null ? null : round(popularityValidationNdcg, 4),
  };
}

process.exitCode = await runDriver({ name: 'bench', usage: USAGE, parse: parseOptions, run });
