import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from './random';
import { countRatingsPerMovie, indexRatingsByUser, moviesRatedBy, TopK, topN } from './recommend';

describe('indexRatingsByUser', () => {
  it("lists each user's movies", () => {
    const columns = { user: Int32Array.of(2, 0, 2, 1, 2), movie: Int32Array.of(7, 3, 1, 4, 0), rating: new Float32Array(5) };
    const index = indexRatingsByUser(columns, 4);
    expect(Array.from(moviesRatedBy(index, 0))).toEqual([3]);
    expect(Array.from(moviesRatedBy(index, 2)).sort()).toEqual([0, 1, 7]);
    expect(Array.from(moviesRatedBy(index, 3))).toEqual([]);
    expect(Array.from(countRatingsPerMovie(columns, 8))).toEqual([1, 1, 0, 1, 1, 0, 0, 1]);
  });
});

describe('topN', () => {
  const scores = Float32Array.of(3.1, 4.9, 2.0, 4.9, 5.5, 1.0, 4.0);

  it('returns the highest scores first, ties to the lower index', () => {
    expect(topN(scores, 3, []).map((s) => s.movie)).toEqual([4, 1, 3]);
  });

  it('skips excluded and ineligible movies', () => {
    const picks = topN(scores, 3, [4], (movie) => movie !== 1);
    expect(picks.map((s) => s.movie)).toEqual([3, 6, 0]);
    expect(picks[0].score).toBeCloseTo(4.9, 5);
  });

  it('returns fewer when fewer qualify', () => {
    expect(topN(scores, 10, [0, 1, 2, 3, 4])).toHaveLength(2);
  });
});

describe('TopK', () => {
  // Few distinct keys, so most comparisons are ties; a few NaN keys, which are never kept.
  const random = mulberry32(4);
  const keys = Array.from({ length: 2_000 }, () => (random() < 0.05 ? Number.NaN : randomInt(random, 30)));
  const items = [...keys.keys()].filter((item) => !Number.isNaN(keys[item]));

  it('keeps what a full sort keeps, for every capacity, and empties itself for the next round', () => {
    const byKeyThenId = [...items].sort((a, b) => keys[b]! - keys[a]! || a - b);
    const top = new TopK(25);
    for (let round = 0; round < 2; round++) {
      keys.forEach((key, item) => top.offer(item, key));
      expect(top.sorted()).toEqual(byKeyThenId.slice(0, 25));
    }
    for (const capacity of [0, 1, 7, items.length, items.length + 10]) {
      const sized = new TopK(capacity);
      keys.forEach((key, item) => sized.offer(item, key));
      expect(sized.sorted()).toEqual(byKeyThenId.slice(0, capacity));
    }
  });

  it('breaks ties by the given rule', () => {
    const higherIdFirst = new TopK(10, (a, b) => a > b);
    keys.forEach((key, item) => higherIdFirst.offer(item, key));
    expect(higherIdFirst.sorted()).toEqual([...items].sort((a, b) => keys[b]! - keys[a]! || b - a).slice(0, 10));
  });
});
