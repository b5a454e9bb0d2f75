import { describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { DEFAULT_IALS_CONFIG } from './models/ials';
import type { RankingMetrics } from './ranking-metrics';
import { DEFAULT_IALS_CONFIG as IALS, prepareIalsData } from './models/ials';
import { curveLevelled, EARLY_PICKS_GATE, earlyModelWorthShowing, SCOUT_FACTORS, sweepsToKeep, sweepWork } from './ranker-curve';
import { trainRanker } from './train-ranker';

const curve = (values: number[]): RankingMetrics[] =>
  values.map((ndcgAtK) => ({ ndcgAtK, precisionAtK: 0, recallAtK: 0, users: 10, k: 10 }));

describe('the ranking model loop', () => {
  it('keeps every sweep of a flat curve and cuts one that really falls', () => {
    expect(sweepsToKeep(curve([0.1, 0.17, 0.178, 0.1771, 0.1776])).bestIteration).toBe(5);
    expect(sweepsToKeep(curve([0.1, 0.2, 0.19, 0.15])).bestIteration).toBe(2);
    expect(sweepsToKeep([]).bestIteration).toBe(0);
  });

  it('follows the validation carve per sweep, beats popularity there, and refits on every training rating', async () => {
    const { split, size } = demoSplit({ seed: 4, userCount: 150, movieCount: 300, meanRatingsPerUser: 40 }, 5);
    const phases: string[] = [];
    const outcome = await trainRanker(split.train, size, { ...DEFAULT_IALS_CONFIG, factors: 16, iterations: 5 }, undefined, {
      onIteration: (m) => phases.push(m.phase),
    });
    const validation = outcome.history.filter((m) => m.phase === 'validation');
    expect(validation).toHaveLength(5);
    expect(phases.slice(5).every((phase) => phase === 'refit')).toBe(true);
    expect(phases.length - 5).toBe(outcome.bestIteration);
    expect(outcome.bestValidation!.ndcgAtK).toBeGreaterThan(1.3 * outcome.popularity.ndcgAtK);
    expect(outcome.engine).toBe('cpu-ials');
    expect(outcome.model.userCount).toBe(size.userCount);
  });

  it('opens the early-picks gate at 1.8× popularity on the carve, and not for an empty or a weaker model', () => {
    const [popularity] = curve([0.1]);
    const at = (ndcg: number) => curve([ndcg])[0]!;
    expect(EARLY_PICKS_GATE).toBe(1.8);
    expect(earlyModelWorthShowing(at(0.179), popularity!)).toBe(false);
    expect(earlyModelWorthShowing(at(0.181), popularity!)).toBe(true);
    expect(earlyModelWorthShowing(at(0.3), popularity!)).toBe(true);
    // Nothing measured (no relevant movie in the carve) is never worth showing.
    expect(earlyModelWorthShowing(at(0), curve([0])[0]!)).toBe(false);
  });

  it('also lists a model whose curve levelled off below the gate, if it beats popularity by 1.2×', () => {
    const [popularity] = curve([0.1]);
    const at = (ndcg: number) => curve([ndcg])[0]!;
    // 1.44× after 1.40×: under 3 % gained, the curve has levelled off.
    expect(earlyModelWorthShowing(at(0.144), popularity!, at(0.14))).toBe(true);
    // Still climbing (1.40× after 0.79×): wait.
    expect(earlyModelWorthShowing(at(0.14), popularity!, at(0.079))).toBe(false);
    // Levelled off, but barely above popularity: not worth an early list.
    expect(earlyModelWorthShowing(at(0.115), popularity!, at(0.114))).toBe(false);
  });

  it('hands over a copy of the first model past the gate, once, before the next sweep runs', async () => {
    // A set whose curve passes 1.8× popularity (1.38×, 2.04×, … at k 32).
    const { split, size } = demoSplit({ seed: 4, userCount: 300, movieCount: 400, meanRatingsPerUser: 40 }, 5);
    const events: string[] = [];
    const early: { iteration: number; factors: Float32Array; ratio: number }[] = [];
    const outcome = await trainRanker(split.train, size, { ...DEFAULT_IALS_CONFIG, factors: 32, iterations: 6 }, undefined, {
      onIteration: (m) => events.push(`${m.phase} ${m.iteration}`),
      onStart: () => events.push('start'),
      onEarlyModel: (model, at) => {
        events.push(`early ${at.iteration}`);
        early.push({ iteration: at.iteration, factors: model.userFactors, ratio: at.validation.ndcgAtK });
      },
    });
    expect(early).toHaveLength(1);
    const [first] = early;
    const validations = outcome.history.filter((m) => m.phase === 'validation');
    // The first sweep past the gate, and no earlier one.
    const gateOpens = validations.findIndex((m) => m.validation!.ndcgAtK >= EARLY_PICKS_GATE * outcome.popularity.ndcgAtK) + 1;
    expect(gateOpens).toBeGreaterThan(0);
    expect(first!.iteration).toBe(gateOpens);
    expect(events.indexOf(`early ${gateOpens}`)).toBe(events.indexOf(`validation ${gateOpens}`) + 1);
    // A copy: the sweeps after it did not change it.
    expect(first!.factors).not.toBe(outcome.model.userFactors);
    expect(Array.from(first!.factors.subarray(0, 16))).not.toEqual(Array.from(outcome.model.userFactors.subarray(0, 16)));
  });

  it('counts a sweep’s work: every row’s k² Gram product and 2k per entry, once per CG step and for the residual', () => {
    const { split, size } = demoSplit({ seed: 4, userCount: 30, movieCount: 40, meanRatingsPerUser: 10 }, 5);
    const data = prepareIalsData(split.train, size);
    const n = split.train.rating.length;
    const config = { ...IALS, factors: 8, conjugateGradientSteps: 3 };
    expect(sweepWork(data, config)).toBe(4 * ((size.userCount + size.movieCount) * 64 + 2 * n * 16));
    // Four times the factors: ~16× the Gram work, 4× the entries' work.
    expect(sweepWork(data, { ...config, factors: 32 }) / sweepWork(data, config)).toBeGreaterThan(4);
  });

  it('lists a large set’s first picks from a small scout model, before the full model’s first sweep', async () => {
    const { split, size } = demoSplit({ seed: 4, userCount: 300, movieCount: 400, meanRatingsPerUser: 40 }, 5);
    const events: string[] = [];
    const early: number[] = [];
    const outcome = await trainRanker(split.train, size, { ...DEFAULT_IALS_CONFIG, factors: 48, iterations: 3 }, undefined, {
      scoutAboveWork: 0,
      onIteration: (m) => events.push(`${m.phase} ${m.iteration}`),
      onProgress: (p) => p.halvesDone === p.totalHalves && events.push(`${p.phase} done`),
      onEarlyModel: (model, at) => {
        events.push('early');
        early.push(model.factors);
        expect(at.validation.ndcgAtK).toBeGreaterThan(0);
      },
    });
    expect(early).toEqual([SCOUT_FACTORS]);
    expect(events.indexOf('early')).toBeLessThan(events.indexOf('validation 1'));
    // The scout's sweeps are not points of the full model's curve.
    expect(outcome.history.filter((m) => m.phase === 'validation')).toHaveLength(3);
    expect(outcome.model.factors).toBe(48);
  });

  it('ends the validation phase once the curve has levelled off, and refits every configured sweep', () => {
    // ml-latest-small's curve (seed 7): levelled at sweep 9, not before.
    const small = [0.1121, 0.1437, 0.1671, 0.1741, 0.1768, 0.1762, 0.1765, 0.1768, 0.178];
    expect(curveLevelled(curve(small.slice(0, 8)))).toBe(false);
    expect(curveLevelled(curve(small))).toBe(true);
    // Still climbing 2 % a sweep: not levelled. Too short to tell: not levelled.
    expect(curveLevelled(curve([0.1, 0.12, 0.14, 0.16, 0.163, 0.166, 0.17, 0.174]))).toBe(false);
    expect(curveLevelled(curve([0.2, 0.2, 0.2, 0.2]))).toBe(false);
  });

  it('stops validating a levelled curve early and still refits the configured sweeps', async () => {
    const { split, size } = demoSplit({ seed: 4, userCount: 300, movieCount: 400, meanRatingsPerUser: 40 }, 5);
    const outcome = await trainRanker(split.train, size, { ...DEFAULT_IALS_CONFIG, factors: 32, iterations: 14 }, undefined);
    const validated = outcome.history.filter((m) => m.phase === 'validation');
    expect(validated.length).toBeLessThan(14);
    expect(curveLevelled(validated.map((m) => m.validation!))).toBe(true);
    // Levelled with its last sweep within 1 % of the best: every configured sweep; a curve that
    // fell from its best: the sweeps it supports.
    const kept = sweepsToKeep(validated.map((m) => m.validation!)).bestIteration;
    const refits = kept === validated.length ? 14 : kept;
    expect(outcome.history.filter((m) => m.phase === 'refit')).toHaveLength(refits);
    expect(outcome.bestIteration).toBe(refits);
  });
});
