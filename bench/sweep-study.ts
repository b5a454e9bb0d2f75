/**
 * What the second half of the default sweeps and the refit buy, on ml-latest-small, on the CPU.
 *
 *   npx tsx bench/sweep-study.ts [--part ials|gibbs] [--seeds 7,1,2] [--variants today,no-refit-100,...]
 *                                 [--split-seed N] [--data DIR] [--out /tmp/sweep-study.md] [--check-ranker]
 *
 * Each seed is the split seed and the model seed at once (as the app), unless --split-seed fixes
 * the split: then only the model's start and sampler change (the noise of the model seed alone).
 *
 * ials:  the ranking model's validation phase (training split less the 10 % carve) with the test
 *        NDCG@10 of the carve-fitted model after sweeps 1..16 (no refit), the refit from the same
 *        seeded start on all training ratings (test NDCG after 1..24 refit sweeps, so today's
 *        pipeline and a shorter refit read off one run), and a warm continuation: the carve model
 *        after N = 4, 6, 8, 16 sweeps, then 1..4 sweeps on all training ratings. Test NDCG@10 as the app scores
 *        the ranker (evaluateRanking: k 10, RANKING_MAX_USERS, sample seed 1, every movie).
 *        --check-ranker also runs trainRanker itself and checks the replica matches it.
 * gibbs: trainModel (Bayesian MF, CPU sampler) with DEFAULT_TRAINING_CONFIG and variants of its
 *        epoch cap and refit; per-epoch train/validation/test RMSE, the refit's curve, wall time.
 *
 * `--part none` only rebuilds the markdown from the stored results.
 *
 * JSON lines go to stdout as results come; each part's results are kept in OUT.<part>.json
 * (merged by seed and variant, so parts and seeds can be run separately) and the markdown summary
 * is rebuilt from those files each time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildDataset } from '../src/recsys/import/build-dataset';
import { randomSplit } from '../src/recsys/split';
import { sweepsToKeep } from '../src/recsys/ranker-curve';
import { trainRanker, RANKER_VALIDATION_FRACTION } from '../src/recsys/train-ranker';
import {
  DEFAULT_IALS_CONFIG,
  ialsIteration,
  ialsScores,
  initialIalsFactors,
  prepareIalsData,
  type IalsConfig,
  type IalsModel,
  type IalsTrainingData,
} from '../src/recsys/models/ials';
import { RANKING_MAX_USERS } from '../src/recsys/ranking-evaluation';
import { popularityScores, rankingMetricsOf, type RankingMetrics, type RankingMetricsOptions } from '../src/recsys/ranking-metrics';
import { trainModel } from '../src/recsys/train';
import type { EpochMetrics } from '../src/recsys/training-outcome';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../src/recsys/training-config';
import type { Dataset } from '../src/recsys/dataset';

// ---------------------------------------------------------------- options

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
const parts = (option('part') ?? 'ials,gibbs').split(',');
const seeds = (option('seeds') ?? '7,1,2').split(',').map(Number);
const dataDir = option('data') ?? '/work/shared/data/ml-latest-small/';
const outMd = option('out') ?? '/tmp/sweep-study.md';
const checkRanker = args.includes('--check-ranker');
const fixedSplitSeed = option('split-seed') === undefined ? undefined : Number(option('split-seed'));
/** Tables list seeds in this order (the app's default first), others after, ascending. */
const seedRank = (seed: number) => ([7, 1, 2].includes(seed) ? [7, 1, 2].indexOf(seed) : 3 + seed);

/** Rating-model variants: overrides of DEFAULT_TRAINING_CONFIG (besides the seed). */
/** The carve the study measured against (the default then; Gibbs has none by default since). */
const CARVE = { validationFraction: 0.1 };
const GIBBS_VARIANTS: Record<string, Partial<TrainingConfig>> = {
  today: { ...CARVE },
  'no-refit-100': { ...CARVE, refit: false },
  'cap50-refit': { ...CARVE, epochs: 50 },
  'cap50-no-refit': { ...CARVE, epochs: 50, refit: false },
  'cap30-refit': { ...CARVE, epochs: 30 },
  /** No early stopping: the whole 100-sweep curve (the model is the 100-sweep posterior mean). */
  'full-100-no-stop': { ...CARVE, earlyStoppingPatience: 0, refit: false },
  /** No carve at all: 100 sweeps on all training ratings (the refit alone, no validation curve). */
  'no-carve-100': { validationFraction: 0, refit: false },
};
const DEFAULT_VARIANTS = ['today', 'no-refit-100', 'cap50-refit', 'cap50-no-refit', 'cap30-refit', 'no-carve-100'];
const variants = (option('variants') ?? DEFAULT_VARIANTS.join(',')).split(',');
for (const v of variants) if (!GIBBS_VARIANTS[v]) throw new Error(`unknown variant ${v}; known: ${Object.keys(GIBBS_VARIANTS).join(', ')}`);

/** Carve-model sweeps whose test NDCG is measured (validation NDCG is measured after every sweep). */
const CARVE_TEST_AT = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16];
/** Carve sweeps a warm continuation starts from, and how many sweeps on all training ratings follow. */
const WARM_FROM = [4, 6, 8, 16];
const WARM_SWEEPS = 4;
/** Refit sweeps run (test NDCG after each): past the default 16, to see whether the curve is flat there. */
const REFIT_MAX = 24;
/** Sweeps at which the Gibbs curves are tabulated. */
const CURVE_AT = [10, 20, 30, 40, 50, 60, 80, 100];

const emit = (record: object) => console.log(JSON.stringify(record));
const round = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

// ---------------------------------------------------------------- data

const read = (name: string) => ({ name, text: readFileSync(dataDir + name, 'utf8') });
const { dataset } = buildDataset([read('movies.csv'), read('ratings.csv')] as never, 'ml-latest-small') as unknown as { dataset: Dataset };
const shape = { userCount: dataset.users.size, movieCount: dataset.movies.size };
emit({ kind: 'data', users: shape.userCount, movies: shape.movieCount, ratings: dataset.ratings.rating.length });

/** CPU seconds (user + system, this process) and wall seconds of `run`. */
function timed<T>(run: () => T): { value: T; cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = run();
  const cpu = process.cpuUsage(cpu0);
  return { value, cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - wall0) / 1000 };
}

// ---------------------------------------------------------------- ials

interface IalsSeedResult {
  seed: number;
  splitSeed: number;
  bestIteration: number;
  popularityCarveNdcg: number;
  popularityTestNdcg: number;
  /** Per carve sweep (index = sweep - 1). */
  validationNdcg: number[];
  carveSweepCpu: number[];
  carveSweepWall: number[];
  /** Carve model's test NDCG after sweep n (CARVE_TEST_AT). */
  carveTestNdcg: Record<number, number>;
  /** Refit (fresh seeded start, all training ratings): test NDCG after n sweeps (1..16). */
  refitTestNdcg: Record<number, number>;
  refitSweepCpu: number[];
  refitSweepWall: number[];
  /** warm[N][c]: carve model after N sweeps + c sweeps on all training ratings. */
  warmTestNdcg: Record<number, Record<number, number>>;
  todayTestNdcg: number;
  checkRanker?: { trainRankerTestNdcg: number; bestIteration: number; matches: boolean };
}

async function testNdcgOf(options: Omit<RankingMetricsOptions, 'scoreUser'>, model: IalsModel): Promise<RankingMetrics> {
  const k = model.factors;
  const metrics = await rankingMetricsOf(options, {
    ranker: (user: number) => ialsScores(model, model.userFactors.subarray(user * k, (user + 1) * k)),
  });
  return metrics.ranker;
}

function modelOf(
  data: IalsTrainingData,
  config: IalsConfig,
  factors: { userFactors: Float32Array; movieFactors: Float32Array },
): IalsModel {
  return {
    ...shape,
    factors: config.factors,
    userFactors: factors.userFactors,
    movieFactors: factors.movieFactors,
    meanRating: data.meanRating,
  };
}

async function ialsSeed(seed: number, splitSeed: number): Promise<IalsSeedResult> {
  const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, seed };
  const split = randomSplit(dataset.ratings, DEFAULT_TRAINING_CONFIG.testFraction, splitSeed);
  // As trainRanker: the carve, its validation users (≤ 1,000 of ml-latest-small's), popularity on it.
  const carve = randomSplit(split.train, RANKER_VALIDATION_FRACTION, config.seed + 1);
  const validationOptions = {
    train: carve.train,
    test: carve.test,
    ...shape,
    k: 10,
    maxUsers: Math.min(RANKING_MAX_USERS, Math.max(100, Math.floor(20_000_000 / Math.max(shape.movieCount, 1)))),
    seed: 1,
  };
  // As evaluateRanking scores the ranker on the test split.
  const testOptions = { train: split.train, test: split.test, ...shape, k: 10, maxUsers: RANKING_MAX_USERS, seed: 1 };
  const carvePopularity = popularityScores(carve.train, shape.movieCount);
  const testPopularity = popularityScores(split.train, shape.movieCount);
  const popularityCarveNdcg = (await rankingMetricsOf(validationOptions, { p: () => carvePopularity })).p.ndcgAtK;
  const popularityTestNdcg = (await rankingMetricsOf(testOptions, { p: () => testPopularity })).p.ndcgAtK;
  emit({ kind: 'ials-popularity', seed, carveNdcg: round(popularityCarveNdcg), testNdcg: round(popularityTestNdcg) });

  // Validation phase, with snapshots for the warm continuation.
  const carveData = prepareIalsData(carve.train, shape);
  const carveModel = modelOf(carveData, config, initialIalsFactors(shape, config));
  const validations: RankingMetrics[] = [];
  const carveSweepCpu: number[] = [];
  const carveSweepWall: number[] = [];
  const carveTestNdcg: Record<number, number> = {};
  const snapshots = new Map<number, { userFactors: Float32Array; movieFactors: Float32Array }>();
  for (let sweep = 1; sweep <= config.iterations; sweep++) {
    const t = timed(() => ialsIteration(carveModel, carveData, config));
    carveSweepCpu.push(t.cpu);
    carveSweepWall.push(t.wall);
    const validation = await testNdcgOf(validationOptions, carveModel);
    validations.push(validation);
    const record: Record<string, unknown> = {
      kind: 'ials-carve',
      seed,
      sweep,
      cpuS: round(t.cpu, 2),
      wallS: round(t.wall, 2),
      validationNdcg: round(validation.ndcgAtK),
      vsPopularity: round(validation.ndcgAtK / popularityCarveNdcg, 3),
    };
    if (CARVE_TEST_AT.includes(sweep)) {
      carveTestNdcg[sweep] = (await testNdcgOf(testOptions, carveModel)).ndcgAtK;
      record.testNdcg = round(carveTestNdcg[sweep]);
    }
    if (WARM_FROM.includes(sweep))
      snapshots.set(sweep, { userFactors: carveModel.userFactors.slice(), movieFactors: carveModel.movieFactors.slice() });
    emit(record);
  }
  const { bestIteration } = sweepsToKeep(validations);

  // Refit from the same seeded start on every training rating (today: bestIteration sweeps).
  const fullData = prepareIalsData(split.train, shape);
  const refitModel = modelOf(fullData, config, initialIalsFactors(shape, config));
  const refitTestNdcg: Record<number, number> = {};
  const refitSweepCpu: number[] = [];
  const refitSweepWall: number[] = [];
  for (let sweep = 1; sweep <= Math.max(REFIT_MAX, config.iterations); sweep++) {
    const t = timed(() => ialsIteration(refitModel, fullData, config));
    refitSweepCpu.push(t.cpu);
    refitSweepWall.push(t.wall);
    refitTestNdcg[sweep] = (await testNdcgOf(testOptions, refitModel)).ndcgAtK;
    emit({ kind: 'ials-refit', seed, sweep, cpuS: round(t.cpu, 2), wallS: round(t.wall, 2), testNdcg: round(refitTestNdcg[sweep]) });
  }

  // Warm continuation: the carve model after N sweeps, then c sweeps on all training ratings.
  const warmTestNdcg: Record<number, Record<number, number>> = {};
  for (const from of WARM_FROM) {
    const snapshot = snapshots.get(from)!;
    const model = modelOf(fullData, config, { userFactors: snapshot.userFactors.slice(), movieFactors: snapshot.movieFactors.slice() });
    warmTestNdcg[from] = {};
    for (let extra = 1; extra <= WARM_SWEEPS; extra++) {
      ialsIteration(model, fullData, config);
      warmTestNdcg[from][extra] = (await testNdcgOf(testOptions, model)).ndcgAtK;
      emit({ kind: 'ials-warm', seed, from, extra, testNdcg: round(warmTestNdcg[from][extra]) });
    }
  }

  const result: IalsSeedResult = {
    seed,
    splitSeed,
    bestIteration,
    popularityCarveNdcg,
    popularityTestNdcg,
    validationNdcg: validations.map((v) => v.ndcgAtK),
    carveSweepCpu,
    carveSweepWall,
    carveTestNdcg,
    refitTestNdcg,
    refitSweepCpu,
    refitSweepWall,
    warmTestNdcg,
    todayTestNdcg: refitTestNdcg[bestIteration] ?? Number.NaN,
  };
  emit({ kind: 'ials-today', seed, bestIteration, testNdcg: round(result.todayTestNdcg) });

  if (checkRanker) {
    const outcome = await trainRanker(split.train, shape, config, undefined);
    const trainRankerTestNdcg = (await testNdcgOf(testOptions, outcome.model)).ndcgAtK;
    result.checkRanker = {
      trainRankerTestNdcg,
      bestIteration: outcome.bestIteration,
      matches: outcome.bestIteration === bestIteration && Math.abs(trainRankerTestNdcg - result.todayTestNdcg) < 1e-9,
    };
    emit({ kind: 'ials-check', seed, ...result.checkRanker });
  }
  return result;
}

// ---------------------------------------------------------------- gibbs

interface GibbsRun {
  seed: number;
  splitSeed: number;
  variant: string;
  config: Partial<TrainingConfig>;
  history: EpochMetrics[];
  refitHistory: EpochMetrics[];
  keptEpoch: number;
  bestEpoch: number;
  reportedTestRmse: number;
  validationRmse: number;
  refitEpochs: number;
  wallS: number;
  cpuS: number;
  /** Seconds of the sweeps alone (trainMs), both phases. */
  sweepS: number;
}

async function gibbsRun(seed: number, splitSeed: number, variant: string): Promise<GibbsRun> {
  const overrides = GIBBS_VARIANTS[variant]!;
  const config: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, ...overrides, seed };
  const split = randomSplit(dataset.ratings, config.testFraction, splitSeed);
  const history: EpochMetrics[] = [];
  const refitHistory: EpochMetrics[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const outcome = await trainModel(
    split,
    shape,
    dataset.ratingScale,
    config,
    {
      onEngine: (engine) => {
        if (engine !== 'cpu-gibbs') throw new Error(`expected cpu-gibbs, got ${engine}`);
      },
      onEpoch: (m) => {
        history.push(m);
        if (m.epoch % 10 === 0)
          emit({
            kind: 'gibbs-epoch',
            seed,
            variant,
            epoch: m.epoch,
            validationRmse: round(m.validationRmse),
            testRmse: round(m.testRmse),
            trainMs: Math.round(m.trainMs),
          });
      },
      onRefitEpoch: (m) => refitHistory.push(m),
    },
    undefined,
  );
  const cpu = process.cpuUsage(cpu0);
  const run: GibbsRun = {
    seed,
    splitSeed,
    variant,
    config: overrides,
    history,
    refitHistory,
    keptEpoch: outcome.keptEpoch,
    bestEpoch: outcome.bestEpoch,
    reportedTestRmse: outcome.reportedTestRmse,
    validationRmse: outcome.validationRmse,
    refitEpochs: outcome.refit?.epochs ?? 0,
    wallS: (performance.now() - wall0) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    sweepS: [...history, ...refitHistory].reduce((s, m) => s + m.trainMs, 0) / 1000,
  };
  outcome.model.dispose();
  emit({
    kind: 'gibbs-run',
    seed,
    variant,
    epochsRun: history.length,
    keptEpoch: run.keptEpoch,
    bestEpoch: run.bestEpoch,
    refitEpochs: run.refitEpochs,
    validationRmse: round(run.validationRmse),
    reportedTestRmse: round(run.reportedTestRmse),
    wallS: round(run.wallS, 1),
    sweepS: round(run.sweepS, 1),
  });
  return run;
}

// ---------------------------------------------------------------- results files

type Stored<T> = T[];
function load<T>(path: string): Stored<T> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Stored<T>) : [];
}
function merge<T>(path: string, items: T[], key: (t: T) => string): Stored<T> {
  const byKey = new Map(load<T>(path).map((t) => [key(t), t] as const));
  for (const t of items) byKey.set(key(t), t);
  const all = [...byKey.values()];
  writeFileSync(path, JSON.stringify(all));
  return all;
}
const ialsPath = outMd.replace(/\.md$/, '') + '.ials.json';
const gibbsPath = outMd.replace(/\.md$/, '') + '.gibbs.json';

// ---------------------------------------------------------------- run

const started = performance.now();
if (parts.includes('ials')) {
  for (const seed of seeds) merge(ialsPath, [await ialsSeed(seed, fixedSplitSeed ?? seed)], (r) => `${r.splitSeed}/${r.seed}`);
}
if (parts.includes('gibbs')) {
  for (const seed of seeds) {
    for (const variant of variants)
      merge(gibbsPath, [await gibbsRun(seed, fixedSplitSeed ?? seed, variant)], (r) => `${r.splitSeed}/${r.seed}/${r.variant}`);
  }
}
emit({ kind: 'done', seconds: round((performance.now() - started) / 1000, 1) });
writeFileSync(outMd, markdown(load<IalsSeedResult>(ialsPath), load<GibbsRun>(gibbsPath)));
console.error(`wrote ${outMd}`);

// ---------------------------------------------------------------- markdown

function markdown(allIals: IalsSeedResult[], allGibbs: GibbsRun[]): string {
  // The main tables: split seed = model seed (as the app); the rest only in the noise tables.
  const ials = allIals.filter((r) => r.splitSeed === r.seed).sort((a, b) => seedRank(a.seed) - seedRank(b.seed));
  const gibbs = allGibbs.filter((r) => r.splitSeed === r.seed);
  const f4 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(4));
  const table = (head: string[], rows: (string | number)[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / Math.max(xs.length - 1, 1));
  const spread = (xs: number[]) => (xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : Number.NaN);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : Number.NaN;
  };
  const out: string[] = [
    '# Sweep study: what the late sweeps and the refit buy (ml-latest-small, CPU, Node)',
    '',
    'Rerun: `npx tsx bench/sweep-study.ts` (both parts, seeds 7,1,2), or `--part ials|gibbs --seeds 7,1,2 [--variants ...] [--check-ranker]`.',
    'Commands of the study (one at a time; results merge into OUT.ials.json / OUT.gibbs.json, this file is rebuilt from them):',
    '',
    '```',
    'npx tsx bench/sweep-study.ts --part ials --seeds 7,1,2 --check-ranker',
    'npx tsx bench/sweep-study.ts --part gibbs --seeds 7,1,2',
    'npx tsx bench/sweep-study.ts --part ials --split-seed 7 --seeds 101,102,103',
    'npx tsx bench/sweep-study.ts --part gibbs --split-seed 7 --seeds 101,102,103 --variants no-carve-100',
    '```',
    '',
    "Wall times were taken on 2 cores shared with another engineer's work, so they vary by up to ~2× between runs; the per-sweep medians are the steadier figure.",
    '',
    'Seeds: the split seed and the model seed are both `seed` (as the app: `randomSplit(ratings, 0.2, seed)`, `{...DEFAULT_IALS_CONFIG, seed}`, `{...DEFAULT_TRAINING_CONFIG, seed}`).',
    '',
  ];
  if (ials.length) {
    const ss = ials.map((r) => r.seed);
    out.push('## A. Ranking model (iALS, k 128, CG 3, CPU)', '');
    out.push(
      'Test NDCG@10 as the app scores the ranker (evaluateRanking: every movie, ≤ 1,000 users, sample seed 1). Validation = NDCG@10 on the 10 % carve of the training split; "× pop" = validation / popularity on the carve.',
      '',
    );
    out.push('### Carve-fitted model (no refit), by sweep', '');
    out.push(
      table(
        ['sweep', ...ss.flatMap((s) => [`val s${s}`, `× pop s${s}`, `test s${s}`]), 'test mean'],
        CARVE_TEST_AT.map((n) => [
          n,
          ...ials.flatMap((r) => [
            f4(r.validationNdcg[n - 1]),
            (r.validationNdcg[n - 1]! / r.popularityCarveNdcg).toFixed(2),
            f4(r.carveTestNdcg[n]),
          ]),
          f4(mean(ials.map((r) => r.carveTestNdcg[n]!))),
        ]),
      ),
      '',
    );
    out.push(
      table(
        ['', ...ss.map((s) => `seed ${s}`), 'mean', 'spread (max−min)'],
        [
          ['popularity, carve', ...ials.map((r) => f4(r.popularityCarveNdcg)), f4(mean(ials.map((r) => r.popularityCarveNdcg))), ''],
          ['popularity, test', ...ials.map((r) => f4(r.popularityTestNdcg)), f4(mean(ials.map((r) => r.popularityTestNdcg))), ''],
          ['sweepsToKeep (refit sweeps today)', ...ials.map((r) => r.bestIteration), '', ''],
        ],
      ),
      '',
    );
    out.push('### Final models: test NDCG@10', '');
    const rows: [string, (r: IalsSeedResult) => number][] = [
      ['today: 16 carve + refit sweepsToKeep', (r) => r.todayTestNdcg],
      ['refit 24', (r) => r.refitTestNdcg[24]!],
      ['refit 20', (r) => r.refitTestNdcg[20]!],
      ['refit 16', (r) => r.refitTestNdcg[16]!],
      ['refit 12', (r) => r.refitTestNdcg[12]!],
      ['refit 10', (r) => r.refitTestNdcg[10]!],
      ['refit 8', (r) => r.refitTestNdcg[8]!],
      ['refit 6', (r) => r.refitTestNdcg[6]!],
      ['refit 4', (r) => r.refitTestNdcg[4]!],
      ['carve 16, no refit', (r) => r.carveTestNdcg[16]!],
      ['carve 8, no refit', (r) => r.carveTestNdcg[8]!],
      ...WARM_FROM.flatMap((n) =>
        Array.from(
          { length: WARM_SWEEPS },
          (_, c) =>
            [`carve ${n} + warm ${c + 1} on all`, (r: IalsSeedResult) => r.warmTestNdcg[n]![c + 1]!] as [
              string,
              (r: IalsSeedResult) => number,
            ],
        ),
      ),
    ];
    out.push(
      table(
        ['pipeline', ...ss.map((s) => `seed ${s}`), 'mean', 'Δ mean vs today', 'spread'],
        rows.map(([label, get]) => {
          const xs = ials.map(get);
          return [label, ...xs.map(f4), f4(mean(xs)), (mean(xs) - mean(ials.map((r) => r.todayTestNdcg))).toFixed(4), f4(spread(xs))];
        }),
      ),
      '',
    );
    out.push('Refit curve (test NDCG@10 after n refit sweeps):', '');
    out.push(
      table(
        ['refit sweeps', ...ss.map((s) => `seed ${s}`), 'mean'],
        Array.from({ length: REFIT_MAX }, (_, i) => [
          i + 1,
          ...ials.map((r) => f4(r.refitTestNdcg[i + 1])),
          f4(mean(ials.map((r) => r.refitTestNdcg[i + 1]!))),
        ]),
      ),
      '',
    );
    const carveCpu = ials.flatMap((r) => r.carveSweepCpu);
    const carveWall = ials.flatMap((r) => r.carveSweepWall);
    const refitCpu = ials.flatMap((r) => r.refitSweepCpu);
    const refitWall = ials.flatMap((r) => r.refitSweepWall);
    out.push(
      `Seconds per sweep (median over seeds and sweeps; metric time excluded): carve (90 % of training) CPU ${median(carveCpu).toFixed(2)} s / wall ${median(carveWall).toFixed(2)} s; all training ratings CPU ${median(refitCpu).toFixed(2)} s / wall ${median(refitWall).toFixed(2)} s.`,
      '',
    );
    const checks = ials.filter((r) => r.checkRanker);
    if (checks.length)
      out.push(
        `trainRanker check: ${checks.map((r) => `seed ${r.seed} test ${f4(r.checkRanker!.trainRankerTestNdcg)} (best ${r.checkRanker!.bestIteration}) ${r.checkRanker!.matches ? 'matches' : 'DIFFERS'}`).join('; ')}.`,
        '',
      );
  }
  if (gibbs.length) {
    out.push('## B. Rating model (Bayesian MF by Gibbs sampling, k 32, CPU sampler)', '');
    const gs = [...new Set(gibbs.map((r) => r.seed))].sort((a, b) => seedRank(a) - seedRank(b));
    const vs = Object.keys(GIBBS_VARIANTS).filter((v) => gibbs.some((r) => r.variant === v));
    const get = (seed: number, variant: string) => gibbs.find((r) => r.seed === seed && r.variant === variant);
    out.push('### Curves (validation / test RMSE of the posterior mean after n sweeps, carve-fitted)', '');
    const curveRun = (seed: number) => {
      const runs = gibbs.filter((r) => r.seed === seed);
      return runs.sort((a, b) => b.history.length - a.history.length)[0];
    };
    out.push(
      table(
        ['sweep', ...gs.flatMap((s) => [`val s${s}`, `test s${s}`])],
        CURVE_AT.map((n) => [
          n,
          ...gs.flatMap((s) => [f4(curveRun(s)?.history[n - 1]?.validationRmse), f4(curveRun(s)?.history[n - 1]?.testRmse)]),
        ]),
      ),
      '',
    );
    const todays = gs.map((s) => get(s, 'today')).filter((r): r is GibbsRun => r !== undefined);
    if (todays.length) {
      out.push("Refit curve of today's run (test RMSE after n refit sweeps on all training ratings):", '');
      const maxRefit = Math.max(...todays.map((r) => r.refitHistory.length));
      const at = [...new Set([...CURVE_AT.filter((n) => n <= maxRefit), maxRefit])];
      out.push(
        table(
          ['refit sweep', ...todays.map((r) => `seed ${r.seed}`)],
          at.map((n) => [n, ...todays.map((r) => f4(r.refitHistory[n - 1]?.testRmse))]),
        ),
        '',
      );
    }
    out.push('### Variants: reported test RMSE (the figure the app shows) and wall time', '');
    out.push(
      table(
        ['variant', ...gs.flatMap((s) => [`test s${s}`, `sweeps run s${s} (kept/refit)`, `wall s${s}`]), 'mean test', 'Δ mean vs today'],
        vs.map((v) => {
          const runs = gs.map((s) => get(s, v));
          const tests = runs.filter((r): r is GibbsRun => r !== undefined).map((r) => r.reportedTestRmse);
          const todayMean = mean(
            gs
              .map((s) => get(s, 'today'))
              .filter((r): r is GibbsRun => r !== undefined)
              .map((r) => r.reportedTestRmse),
          );
          const complete = runs.every((r) => r !== undefined);
          return [
            v,
            ...runs.flatMap((r) =>
              r
                ? [f4(r.reportedTestRmse), `${r.history.length} (${r.keptEpoch}/${r.refitEpochs})`, `${r.wallS.toFixed(0)} s`]
                : ['–', '–', '–'],
            ),
            complete ? f4(mean(tests)) : '–',
            complete && Number.isFinite(todayMean) ? (mean(tests) - todayMean).toFixed(4) : '–',
          ];
        }),
      ),
      '',
    );
    const sweepMs = gibbs.flatMap((r) => [...r.history, ...r.refitHistory].map((m) => m.trainMs));
    const epochMs = gibbs.flatMap((r) => [...r.history, ...r.refitHistory].map((m) => m.durationMs));
    out.push(
      `Per sweep (median over every run): ${(median(sweepMs) / 1000).toFixed(2)} s sampling, ${(median(epochMs) / 1000).toFixed(2)} s with the per-epoch RMSE evaluation.`,
      '',
    );
  }
  // The model seed alone: runs on one split with several model seeds.
  const ialsNoise = allIals.filter((r) => allIals.some((o) => o.splitSeed === r.splitSeed && o.seed !== r.seed));
  const gibbsNoise = allGibbs.filter((r) =>
    allGibbs.some((o) => o.splitSeed === r.splitSeed && o.variant === r.variant && o.seed !== r.seed),
  );
  if (ialsNoise.length || gibbsNoise.length)
    out.push(
      '## Noise of the model seed alone (one split, several model seeds)',
      '',
      "The model seed also moves the ranker's validation carve (seed + 1), so sweepsToKeep can differ; the split and the test users stay the same.",
      '',
    );
  for (const splitSeed of [...new Set(ialsNoise.map((r) => r.splitSeed))]) {
    const rs = ialsNoise.filter((r) => r.splitSeed === splitSeed).sort((a, b) => seedRank(a.seed) - seedRank(b.seed));
    const rows: [string, (r: IalsSeedResult) => number][] = [
      ['today (refit sweepsToKeep)', (r) => r.todayTestNdcg],
      ['refit 8', (r) => r.refitTestNdcg[8]!],
      ['refit 12', (r) => r.refitTestNdcg[12]!],
      ['refit 16', (r) => r.refitTestNdcg[16]!],
      ['carve 16, no refit', (r) => r.carveTestNdcg[16]!],
      ['carve 8 + warm 3', (r) => r.warmTestNdcg[8]?.[3] ?? Number.NaN],
    ];
    out.push(`iALS, split seed ${splitSeed}: test NDCG@10 by model seed`, '');
    out.push(
      table(
        ['pipeline', ...rs.map((r) => `model seed ${r.seed}`), 'mean', 'spread', 'sd'],
        rows.map(([label, get]) => {
          const xs = rs.map(get);
          return [label, ...xs.map(f4), f4(mean(xs)), f4(spread(xs)), f4(sd(xs))];
        }),
      ),
      '',
    );
  }
  for (const splitSeed of [...new Set(gibbsNoise.map((r) => r.splitSeed))]) {
    const rs = gibbsNoise.filter((r) => r.splitSeed === splitSeed);
    const ms = [...new Set(rs.map((r) => r.seed))].sort((a, b) => seedRank(a) - seedRank(b));
    out.push(`Bayesian MF, split seed ${splitSeed}: reported test RMSE by model seed`, '');
    out.push(
      table(
        ['variant', ...ms.map((m) => `model seed ${m}`), 'mean', 'spread', 'sd'],
        [...new Set(rs.map((r) => r.variant))].map((v) => {
          const xs = ms.map((m) => rs.find((r) => r.seed === m && r.variant === v)?.reportedTestRmse ?? Number.NaN);
          return [v, ...xs.map(f4), f4(mean(xs)), f4(spread(xs)), f4(sd(xs))];
        }),
      ),
      '',
    );
  }
  return out.join('\n') + '\n';
}
