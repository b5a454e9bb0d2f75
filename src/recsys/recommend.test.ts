import { describe, expect, it } from 'vitest';
import { countRatingsPerMovie, indexRatingsByUser, moviesRatedBy, topN } from './recommend';

describe('indexRatingsByUser', () => {
  it('lists each user\'s movies', () => {
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
