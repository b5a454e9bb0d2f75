import { describe, expect, it } from 'vitest';
import { columns } from '../test-support/rating-columns';
import { popularityScores, rankingMetrics } from './ranking-metrics';

const log2 = Math.log2;

describe('rankingMetrics: one user, five movies, by hand', () => {
  // User 0 rated movie 0 in training; in test, movies 1 (5★), 2 (3★) and 3 (4★).
  // Relevant (≥ 4): {1, 3}. Candidates: every movie not rated in training = {1, 2, 3, 4}.
  // Scores put the training movie 0 first, which must not count: the ranking of the candidates
  // is 1 (8), 2 (7), 4 (6), 3 (1).
  const train = columns([[0, 0, 5]]);
  const test = columns([
    [0, 1, 5],
    [0, 2, 3],
    [0, 3, 4],
  ]);
  const scores = Float32Array.of(9, 8, 7, 1, 6);
  const base = { train, test, userCount: 1, movieCount: 5, scoreUser: () => scores };
  // IDCG for 2 relevant items: 1/log2(2) + 1/log2(3) = 1 + 0.63093 = 1.63093.
  const idcg2 = 1 / log2(2) + 1 / log2(3);

  it('k = 1: top [1], a hit', () => {
    // precision 1/1, recall 1/2, DCG = 1/log2(2) = 1, IDCG (min(1, 2) = 1 item) = 1 -> NDCG 1.
    const m = rankingMetrics({ ...base, k: 1 });
    expect(m).toEqual({ precisionAtK: 1, recallAtK: 0.5, ndcgAtK: 1, users: 1, k: 1 });
  });

  it('k = 2: top [1, 2], one hit at position 1', () => {
    // precision 1/2, recall 1/2, DCG = 1, NDCG = 1 / 1.63093 = 0.61315.
    const m = rankingMetrics({ ...base, k: 2 });
    expect(m.precisionAtK).toBeCloseTo(0.5, 12);
    expect(m.recallAtK).toBeCloseTo(0.5, 12);
    expect(m.ndcgAtK).toBeCloseTo(1 / idcg2, 12);
    expect(m.ndcgAtK).toBeCloseTo(0.61315, 5);
  });

  it('k = 3: top [1, 2, 4], still one hit', () => {
    // precision 1/3, recall 1/2, NDCG = 1 / 1.63093 (IDCG stops at the 2 relevant items).
    const m = rankingMetrics({ ...base, k: 3 });
    expect(m.precisionAtK).toBeCloseTo(1 / 3, 12);
    expect(m.recallAtK).toBeCloseTo(0.5, 12);
    expect(m.ndcgAtK).toBeCloseTo(1 / idcg2, 12);
  });

  it('k = 4: top [1, 2, 4, 3], hits at positions 1 and 4', () => {
    // precision 2/4, recall 2/2, DCG = 1/log2(2) + 1/log2(5) = 1 + 0.43068 = 1.43068,
    // NDCG = 1.43068 / 1.63093 = 0.87722.
    const m = rankingMetrics({ ...base, k: 4 });
    expect(m.precisionAtK).toBeCloseTo(0.5, 12);
    expect(m.recallAtK).toBeCloseTo(1, 12);
    expect(m.ndcgAtK).toBeCloseTo((1 + 1 / log2(5)) / idcg2, 12);
    expect(m.ndcgAtK).toBeCloseTo(0.87722, 5);
  });

  it('k larger than the candidates: the list is shorter, precision still divides by k', () => {
    // Top [1, 2, 4, 3] (all 4 candidates): 2 hits. precision 2/10, recall 1, NDCG as for k = 4
    // because IDCG uses min(10, 2) = 2 items.
    const m = rankingMetrics({ ...base, k: 10 });
    expect(m.precisionAtK).toBeCloseTo(0.2, 12);
    expect(m.recallAtK).toBe(1);
    expect(m.ndcgAtK).toBeCloseTo((1 + 1 / log2(5)) / idcg2, 12);
  });

  it('uses the threshold: at 3, movie 2 is relevant too', () => {
    // Relevant {1, 2, 3}; k = 2: top [1, 2], 2 hits. precision 1, recall 2/3,
    // DCG = 1 + 1/log2(3) = IDCG for min(2, 3) = 2 items -> NDCG 1.
    const m = rankingMetrics({ ...base, k: 2, relevantThreshold: 3 });
    expect(m.precisionAtK).toBe(1);
    expect(m.recallAtK).toBeCloseTo(2 / 3, 12);
    expect(m.ndcgAtK).toBeCloseTo(1, 12);
  });

  it('defaults to k = 10 and threshold 4', () => {
    const m = rankingMetrics(base);
    expect(m.k).toBe(10);
    expect(m.precisionAtK).toBeCloseTo(0.2, 12);
  });
});

describe('rankingMetrics: which users and which candidates', () => {
  it('excludes training items from the candidates, even with the best scores', () => {
    // User 0 trained on movies 0 and 1, which score highest; the relevant test movie 2 is the
    // best candidate left, so k = 1 finds it.
    const m = rankingMetrics({
      train: columns([
        [0, 0, 5],
        [0, 1, 5],
      ]),
      test: columns([[0, 2, 4.5]]),
      userCount: 1,
      movieCount: 4,
      scoreUser: () => [10, 9, 1, 0],
      k: 1,
    });
    expect(m).toEqual({ precisionAtK: 1, recallAtK: 1, ndcgAtK: 1, users: 1, k: 1 });
  });

  it('skips users without a relevant test item and averages over the others', () => {
    // User 0: test {2 (5★)}, top-1 = [2] -> P 1, R 1, NDCG 1.
    // User 1: test {0 (2★)}: nothing relevant -> skipped.
    // User 2: no test rating -> skipped.
    // User 3: test {1 (4★)}, top-1 = [2] (score 3 beats 1's 2) -> P 0, R 0, NDCG 0.
    // Means over users 0 and 3: 0.5 each.
    const called: number[] = [];
    const m = rankingMetrics({
      train: columns([[2, 1, 4]]),
      test: columns([
        [0, 2, 5],
        [1, 0, 2],
        [3, 1, 4],
      ]),
      userCount: 4,
      movieCount: 3,
      scoreUser: (u) => {
        called.push(u);
        return [1, 2, 3];
      },
      k: 1,
    });
    expect(m).toEqual({ precisionAtK: 0.5, recallAtK: 0.5, ndcgAtK: 0.5, users: 2, k: 1 });
    expect(called).toEqual([0, 3]);
  });

  it('gives NaN means and 0 users when nobody has a relevant test item', () => {
    const m = rankingMetrics({
      train: columns([[0, 0, 5]]),
      test: columns([[0, 1, 3.5]]),
      userCount: 1,
      movieCount: 2,
      scoreUser: () => [0, 0],
    });
    expect(m.users).toBe(0);
    expect(m.precisionAtK).toBeNaN();
    expect(m.recallAtK).toBeNaN();
    expect(m.ndcgAtK).toBeNaN();
  });

  it('breaks score ties towards the lower movie index', () => {
    // All scores equal: the top 2 of candidates {0, 2, 3, 4} (1 is trained) are [0, 2].
    // Relevant {3, 4}: no hit. Relevant {2, 4}: a hit at position 2 ->
    // P 1/2, R 1/2, NDCG = (1/log2(3)) / (1 + 1/log2(3)) = 0.63093 / 1.63093 = 0.38685.
    const flat = () => new Float32Array(5).fill(3);
    const common = { train: columns([[0, 1, 5]]), userCount: 1, movieCount: 5, scoreUser: flat, k: 2 };
    const miss = rankingMetrics({
      ...common,
      test: columns([
        [0, 3, 5],
        [0, 4, 5],
      ]),
    });
    expect(miss.precisionAtK).toBe(0);
    expect(miss.ndcgAtK).toBe(0);
    const hit = rankingMetrics({
      ...common,
      test: columns([
        [0, 2, 5],
        [0, 4, 5],
      ]),
    });
    expect(hit.precisionAtK).toBe(0.5);
    expect(hit.recallAtK).toBe(0.5);
    expect(hit.ndcgAtK).toBeCloseTo(1 / log2(3) / (1 + 1 / log2(3)), 12);
    expect(hit.ndcgAtK).toBeCloseTo(0.38685, 5);
  });

  it('never picks a movie scored NaN', () => {
    // Movie 0 is NaN, so the top 1 is movie 1 (relevant).
    const m = rankingMetrics({
      train: columns([]),
      test: columns([[0, 1, 5]]),
      userCount: 1,
      movieCount: 3,
      scoreUser: () => [Number.NaN, 1, 0],
      k: 1,
    });
    expect(m.precisionAtK).toBe(1);
  });

  it('counts a movie rated twice in test once, and not at all when it is also in training', () => {
    // Relevant {2} (movie 2 twice; movie 0 is in training too, so it is neither candidate nor
    // relevant). Top 2 of {1, 2} by score: [2, 1] -> P 1/2, R 1/1, NDCG 1.
    const m = rankingMetrics({
      train: columns([[0, 0, 5]]),
      test: columns([
        [0, 2, 5],
        [0, 2, 4],
        [0, 0, 5],
      ]),
      userCount: 1,
      movieCount: 3,
      scoreUser: () => [9, 1, 2],
      k: 2,
    });
    expect(m).toEqual({ precisionAtK: 0.5, recallAtK: 1, ndcgAtK: 1, users: 1, k: 2 });
  });

  it('refuses bad arguments', () => {
    const train = columns([[0, 0, 5]]);
    const test = columns([[0, 1, 5]]);
    const ok = { train, test, userCount: 1, movieCount: 2, scoreUser: () => [0, 1] };
    expect(() => rankingMetrics({ ...ok, k: 0 })).toThrow(RangeError);
    expect(() => rankingMetrics({ ...ok, k: 2.5 })).toThrow(RangeError);
    expect(() => rankingMetrics({ ...ok, maxUsers: -1 })).toThrow(RangeError);
    expect(() => rankingMetrics({ ...ok, scoreUser: () => [1] })).toThrow(RangeError);
    expect(() => rankingMetrics({ ...ok, movieCount: 1 })).toThrow(RangeError);
    expect(() => rankingMetrics({ ...ok, userCount: 0 })).toThrow(RangeError);
  });
});

describe('popularity baseline', () => {
  it('counts training ratings per movie', () => {
    const train = columns([
      [0, 0, 4],
      [1, 0, 2],
      [2, 0, 5],
      [0, 2, 3],
      [1, 2, 1],
      [2, 3, 4],
    ]);
    expect(Array.from(popularityScores(train, 5))).toEqual([3, 0, 2, 1, 0]);
  });

  it('ranks the most rated unseen movies first', () => {
    // Training counts: movie 0: 3, movie 1: 2, movie 2: 1, movie 3: 0, movie 4: 0.
    const train = columns([
      [0, 0, 4],
      [1, 0, 2],
      [2, 0, 5],
      [1, 1, 3],
      [2, 1, 4],
      [2, 2, 4],
    ]);
    // User 0 (trained on 0): candidates by popularity 1 (2), 2 (1), 3 (0), 4 (0) -> top 2 [1, 2].
    //   Test: 2 (5★) relevant. Hit at position 2: P 1/2, R 1, NDCG = (1/log2(3)) / 1 = 0.63093.
    // User 1 (trained on 0, 1): candidates 2 (1), 3 (0), 4 (0) -> top 2 [2, 3].
    //   Test: 4 (4★) relevant, 3 (2★) not. No hit: 0, 0, 0.
    // User 2 (trained on 0, 1, 2): candidates 3, 4 tied at 0 -> [3, 4].
    //   Test: 3 (4.5★). Hit at 1: P 1/2, R 1, NDCG 1.
    // Means: P (0.5 + 0 + 0.5) / 3 = 1/3, R (1 + 0 + 1) / 3 = 2/3, NDCG (0.63093 + 0 + 1) / 3.
    const test = columns([
      [0, 2, 5],
      [1, 4, 4],
      [1, 3, 2],
      [2, 3, 4.5],
    ]);
    const popularity = popularityScores(train, 5);
    const m = rankingMetrics({ train, test, userCount: 3, movieCount: 5, scoreUser: () => popularity, k: 2 });
    expect(m.users).toBe(3);
    expect(m.precisionAtK).toBeCloseTo(1 / 3, 12);
    expect(m.recallAtK).toBeCloseTo(2 / 3, 12);
    expect(m.ndcgAtK).toBeCloseTo((1 / log2(3) + 1) / 3, 12);
  });
});
