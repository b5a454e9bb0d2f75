import type { RatingColumns } from './dataset';
import { createRankerTrainer, type CpuRankerEngine, type RankerEngineName, type RankerTrainer } from './engines/ranker-trainer';
import { initialIalsFactors, prepareIalsData, type IalsConfig, type IalsModel } from './models/ials';
import { RANKING_MAX_USERS } from './ranking-evaluation';
import { popularityScores, rankingMetrics, rankingUsers, type RankingMetrics } from './ranking-metrics';
import { randomSplit } from './split';

import {
  curveLevelled,
  earlyModelWorthShowing,
  SCOUT_ABOVE_WORK,
  SCOUT_FACTORS,
  SCOUT_MAX_SWEEPS,
  sweepsToKeep,
  sweepWork,
} from './ranker-curve';

/** Share of the training ratings held out to follow (and early-stop) the ranking model. */
export const RANKER_VALIDATION_FRACTION = 0.1;
/** Scores kept at once for the validation metric (users × movies floats): 1,000 users of
 * ml-latest-small, ~340 of ml-25m's 59k movies. */
const VALIDATION_SCORE_BUDGET = 20_000_000;

export interface RankerIterationMetrics {
  readonly iteration: number;
  /** 'validation': fitted on the training ratings less the carve, measured on the carve;
   * 'refit': the final model, on every training rating (no metric: nothing held out). */
  readonly phase: 'validation' | 'refit';
  /** Top-10 quality on the validation carve (validation phase only). */
  readonly validation?: RankingMetrics;
  /** Seconds the sweep took on its engine (not counting the metric). */
  readonly seconds: number;
}

export interface RankerStart {
  readonly engine: RankerEngineName;
  /** Why the GPU engine is not used, if it is not. */
  readonly note: string | undefined;
  readonly validationCount: number;
  /** Popularity's top-10 quality on the validation carve: the line the curve must clear. */
  readonly popularity: RankingMetrics;
  /** Sweeps of the validation phase at most (the refit runs as many as were best). */
  readonly iterations: number;
}

export interface RankerHooks {
  readonly onStart?: (start: RankerStart) => void;
  readonly onIteration?: (metrics: RankerIterationMetrics) => void;
  readonly shouldStop?: () => boolean;
  /** Awaited between sweeps so a stop request can arrive. */
  readonly yieldBetweenIterations?: () => Promise<void>;
  /** Inside the sweeps: halves (users, then movies) solved of the phase's total. */
  readonly onProgress?: (progress: RankerProgress) => void;
  /** Once, after the first validation sweep that clears the early-picks gate: a copy of the
   * model fitted so far (on the training ratings less the carve), to list picks from while the
   * rest trains. Awaited, so the picks can be listed before the next sweep takes the cores. */
  /** Work per sweep above which a scout lists the first picks (SCOUT_ABOVE_WORK; tests set it). */
  readonly scoutAboveWork?: number;
  /** Where the CPU engine's sweeps run when there is no device (the worker passes its threads). */
  readonly cpuEngine?: CpuRankerEngine;
  readonly onEarlyModel?: (
    model: IalsModel,
    at: { readonly iteration: number; readonly validation: RankingMetrics },
  ) => Promise<void> | void;
}

export interface RankerProgress {
  /** 'scout': the small model of a large set's first picks (SCOUT_FACTORS). */
  readonly phase: 'scout' | 'validation' | 'refit';
  /** The sweep running (1-based). */
  readonly iteration: number;
  readonly halvesDone: number;
  readonly totalHalves: number;
  /** Since the phase's first sweep. */
  readonly elapsedMs: number;
}

export interface RankerOutcome {
  readonly model: IalsModel;
  readonly engine: RankerEngineName;
  readonly history: readonly RankerIterationMetrics[];
  /** The validation sweep with the best NDCG@10: the refit runs this many. */
  readonly bestIteration: number;
  readonly bestValidation: RankingMetrics | undefined;
  readonly popularity: RankingMetrics;
  readonly stopped: boolean;
  /** GPU compute dispatches of both phases (sweeps and validation scoring); 0 on the CPU. */
  readonly dispatches: number;
}

/**
 * Trains the ranking model honestly: sweeps on the training ratings less a seeded 10 % carve,
 * NDCG@10 on the carve after each (the live curve, never the test split), then a refit on every
 * training rating for the sweep count the carve supports (sweepsToKeep).
 */
export async function trainRanker(
  train: RatingColumns,
  shape: { readonly userCount: number; readonly movieCount: number },
  config: IalsConfig,
  device: GPUDevice | undefined,
  hooks: RankerHooks = {},
): Promise<RankerOutcome> {
  const carve = randomSplit(train, RANKER_VALIDATION_FRACTION, config.seed + 1);
  const common = {
    train: carve.train,
    test: carve.test,
    ...shape,
    k: 10,
    maxUsers: Math.min(RANKING_MAX_USERS, Math.max(100, Math.floor(VALIDATION_SCORE_BUDGET / Math.max(shape.movieCount, 1)))),
    seed: 1,
  };
  const popularityCounts = popularityScores(carve.train, shape.movieCount);
  const popularity = rankingMetrics({ ...common, scoreUser: () => popularityCounts });
  const validationUsers = Int32Array.from(rankingUsers(common));
  const history: RankerIterationMetrics[] = [];
  const stop = () => hooks.shouldStop?.() ?? false;
  let phaseStarted = performance.now();

  const carveData = prepareIalsData(carve.train, shape);
  const first = start(carve.train, carveData);
  let fit: RankerTrainer | undefined = first.trainer;
  hooks.onStart?.({
    engine: fit.engine,
    note: first.note,
    validationCount: carve.test.rating.length,
    popularity,
    iterations: config.iterations,
  });
  const validations: RankingMetrics[] = [];
  let earlyShown = false;
  try {
    if (hooks.onEarlyModel && sweepWork(carveData, config) > (hooks.scoutAboveWork ?? SCOUT_ABOVE_WORK)) {
      earlyShown = await scout(hooks.onEarlyModel);
    }
    for (let iteration = 1; iteration <= config.iterations && !stop(); iteration++) {
      const seconds = await sweep(fit, 'validation', iteration, config.iterations);
      const validation = await validationOf(fit);
      report({ iteration, phase: 'validation', validation, seconds });
      validations.push(validation);
      if (!earlyShown && hooks.onEarlyModel && earlyModelWorthShowing(validation, popularity, validations.at(-2))) {
        earlyShown = true;
        await hooks.onEarlyModel(await fit.readModel(), { iteration, validation });
      }
      await hooks.yieldBetweenIterations?.();
      if (curveLevelled(validations)) break;
    }
    const kept = sweepsToKeep(validations);
    const { best } = kept;
    // A curve that levelled off (its last sweep still within 1 % of the best) is refit for every
    // configured sweep; one that really fell, for the sweeps it supports.
    const bestIteration = kept.bestIteration === validations.length ? config.iterations : kept.bestIteration;
    if (stop() || bestIteration === 0) {
      // Stopped before the refit: the model fitted so far is what there is.
      const model = await fit.readModel();
      const dispatches = fit.dispatchCount;
      return { model, engine: fit.engine, history, bestIteration, bestValidation: best, popularity, stopped: true, dispatches };
    }
    const fitDispatches = fit.dispatchCount;
    fit.dispose();
    fit = undefined;
    const final = start(train).trainer;
    try {
      for (let iteration = 1; iteration <= bestIteration; iteration++) {
        report({ iteration, phase: 'refit', seconds: await sweep(final, 'refit', iteration, bestIteration) });
        if (stop()) break;
        await hooks.yieldBetweenIterations?.();
      }
      const model = await final.readModel();
      const dispatches = fitDispatches + final.dispatchCount;
      return { model, engine: final.engine, history, bestIteration, bestValidation: best, popularity, stopped: stop(), dispatches };
    } finally {
      final.dispose();
    }
  } finally {
    fit?.dispose();
  }

  /** NDCG@10 and the rest on the carve, of the model `trainer` holds. */
  async function validationOf(trainer: RankerTrainer): Promise<RankingMetrics> {
    const scores = await trainer.scoreUsers(validationUsers);
    const at = new Map<number, number>();
    validationUsers.forEach((user, s) => at.set(user, s));
    return rankingMetrics({
      ...common,
      scoreUser: (user) => scores.subarray(at.get(user)! * shape.movieCount, (at.get(user)! + 1) * shape.movieCount),
    });
  }

  /**
   * The first picks of a large set: a small model (SCOUT_FACTORS) on the same carve, swept until
   * it clears the early-picks gate (at most SCOUT_MAX_SWEEPS), handed over, and dropped. Its
   * sweeps are progress, not points of the curve (they are another model's). Whether it listed.
   */
  async function scout(onEarlyModel: NonNullable<RankerHooks['onEarlyModel']>): Promise<boolean> {
    const small = { ...config, factors: SCOUT_FACTORS };
    const trainer = createRankerTrainer(device, carveData, small, initialIalsFactors(shape, small), hooks.cpuEngine).trainer;
    try {
      const previous: RankingMetrics[] = [];
      for (let iteration = 1; iteration <= SCOUT_MAX_SWEEPS && !stop(); iteration++) {
        await sweep(trainer, 'scout', iteration, SCOUT_MAX_SWEEPS);
        const validation = await validationOf(trainer);
        if (earlyModelWorthShowing(validation, popularity, previous.at(-1))) {
          await onEarlyModel(await trainer.readModel(), { iteration, validation });
          return true;
        }
        previous.push(validation);
        await hooks.yieldBetweenIterations?.();
      }
      return false;
    } finally {
      trainer.dispose();
    }
  }

  function report(metrics: RankerIterationMetrics): void {
    history.push(metrics);
    hooks.onIteration?.(metrics);
  }

  async function sweep(trainer: RankerTrainer, phase: RankerProgress['phase'], iteration: number, sweeps: number): Promise<number> {
    const started = performance.now();
    if (iteration === 1) phaseStarted = started;
    trainer.iterate((half) =>
      hooks.onProgress?.({
        phase,
        iteration,
        halvesDone: 2 * (iteration - 1) + half + 1,
        totalHalves: 2 * sweeps,
        elapsedMs: performance.now() - phaseStarted,
      }),
    );
    await trainer.finished();
    return (performance.now() - started) / 1000;
  }

  // Both phases start from the same seeded factors, so the refit retraces the validated run on more data.
  function start(ratings: RatingColumns, data = prepareIalsData(ratings, shape)): { trainer: RankerTrainer; note: string | undefined } {
    return createRankerTrainer(device, data, config, initialIalsFactors(shape, config), hooks.cpuEngine);
  }
}
