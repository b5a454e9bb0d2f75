import { describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { DEFAULT_IALS_CONFIG } from './models/ials';
import type { RankingMetrics } from './ranking-metrics';
import { sweepsToKeep, trainRanker } from './train-ranker';

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
});
