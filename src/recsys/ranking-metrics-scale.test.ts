import { describe, expect, it } from 'vitest';
import { randomData } from '../test-support/rating-columns';
import { mulberry32, randomInt } from './random';
import { rankingMetrics } from './ranking-metrics';

const log2 = Math.log2;

describe('maxUsers sampling', () => {
  const { train, test } = randomData(50, 200, 20, 3);
  const scores = Float32Array.from({ length: 200 }, (_, m) => (m * 7919) % 200);

  function run(maxUsers: number | undefined, seed?: number) {
    const called: number[] = [];
    const metrics = rankingMetrics({
      train,
      test,
      userCount: 50,
      movieCount: 200,
      maxUsers,
      seed,
      scoreUser: (u) => {
        called.push(u);
        return scores;
      },
    });
    return { metrics, called };
  }

  it('evaluates the same users, in increasing order, for the same seed', () => {
    const all = run(undefined);
    expect(all.metrics.users).toBeGreaterThan(20);
    const a = run(10, 7);
    const b = run(10, 7);
    expect(a.metrics.users).toBe(10);
    expect(a.called).toEqual(b.called);
    expect(a.metrics).toEqual(b.metrics);
    expect(a.called).toEqual([...a.called].sort((x, y) => x - y));
    for (const u of a.called) expect(all.called).toContain(u);
    expect(run(10, 8).called).not.toEqual(a.called);
  });

  it('evaluates everyone when maxUsers is at least the eligible count', () => {
    const all = run(undefined);
    expect(run(all.metrics.users, 1).metrics).toEqual(all.metrics);
    expect(run(10_000, 1).metrics).toEqual(all.metrics);
  });
});

describe('rankingMetrics: top-k selection', () => {
  it('agrees with sorting every candidate', () => {
    const userCount = 30;
    const movieCount = 300;
    const { train, test } = randomData(userCount, movieCount, 40, 11);
    const random = mulberry32(5);
    // Few distinct values, so many ties.
    const scoreTable = Array.from({ length: userCount }, () => Float32Array.from({ length: movieCount }, () => randomInt(random, 20)));
    const k = 10;
    const fast = rankingMetrics({ train, test, userCount, movieCount, k, scoreUser: (u) => scoreTable[u] });

    // The definition, written the slow way: sort all candidates, take k.
    let p = 0;
    let r = 0;
    let n = 0;
    let users = 0;
    for (let u = 0; u < userCount; u++) {
      const trained = new Set<number>();
      for (let i = 0; i < train.user.length; i++) if (train.user[i] === u) trained.add(train.movie[i]);
      const rel = new Set<number>();
      for (let i = 0; i < test.user.length; i++) if (test.user[i] === u && test.rating[i] >= 4) rel.add(test.movie[i]);
      if (rel.size === 0) continue;
      const candidates = [...Array(movieCount).keys()].filter((m) => !trained.has(m));
      candidates.sort((a, b) => scoreTable[u][b] - scoreTable[u][a] || a - b);
      const top = candidates.slice(0, k);
      let dcg = 0;
      let idcg = 0;
      let hits = 0;
      top.forEach((m, j) => {
        if (rel.has(m)) {
          hits++;
          dcg += 1 / log2(j + 2);
        }
      });
      for (let j = 0; j < Math.min(k, rel.size); j++) idcg += 1 / log2(j + 2);
      p += hits / k;
      r += hits / rel.size;
      n += dcg / idcg;
      users++;
    }
    expect(fast.users).toBe(users);
    expect(fast.precisionAtK).toBeCloseTo(p / users, 12);
    expect(fast.recallAtK).toBeCloseTo(r / users, 12);
    expect(fast.ndcgAtK).toBeCloseTo(n / users, 12);
  });

  it('runs 600 users × 9,700 movies well under a second', () => {
    const userCount = 600;
    const movieCount = 9_700;
    const { train, test } = randomData(userCount, movieCount, 160, 21);
    const random = mulberry32(9);
    const scores = Float32Array.from({ length: movieCount }, () => random());
    rankingMetrics({ train, test, userCount, movieCount, scoreUser: () => scores }); // warm up the JIT
    const start = performance.now();
    const m = rankingMetrics({ train, test, userCount, movieCount, scoreUser: () => scores });
    const ms = performance.now() - start;
    console.info(
      `rankingMetrics, ${userCount} users × ${movieCount} movies, ${train.user.length + test.user.length} ratings: ${ms.toFixed(1)} ms`,
    );
    expect(m.users).toBeGreaterThan(500);
    expect(ms).toBeLessThan(1000);
  });
});
