import { describe, expect, it } from 'vitest';
import { randomSplit } from './split';

function columns(n: number) {
  return {
    user: Int32Array.from({ length: n }, (_, i) => i),
    movie: Int32Array.from({ length: n }, (_, i) => i % 7),
    rating: Float32Array.from({ length: n }, (_, i) => 1 + (i % 5)),
  };
}

describe('randomSplit', () => {
  it('is the same for the same seed and data', () => {
    const a = randomSplit(columns(1000), 0.2, 42);
    const b = randomSplit(columns(1000), 0.2, 42);
    expect(Array.from(a.test.user)).toEqual(Array.from(b.test.user));
    expect(Array.from(a.train.user)).toEqual(Array.from(b.train.user));
  });

  it('differs for another seed', () => {
    const a = randomSplit(columns(1000), 0.2, 42);
    const b = randomSplit(columns(1000), 0.2, 43);
    expect(Array.from(a.test.user)).not.toEqual(Array.from(b.test.user));
  });

  it('partitions the rows 80/20 with nothing lost or repeated', () => {
    const { train, test } = randomSplit(columns(1001), 0.2, 1);
    expect(test.user.length).toBe(200);
    expect(train.user.length).toBe(801);
    const all = [...train.user, ...test.user].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1001 }, (_, i) => i));
    // Rows travel whole: movie and rating stay with their user.
    for (let j = 0; j < test.user.length; j++) {
      expect(test.movie[j]).toBe(test.user[j] % 7);
      expect(test.rating[j]).toBe(1 + (test.user[j] % 5));
    }
  });

  it('rejects a test fraction outside (0, 1)', () => {
    expect(() => randomSplit(columns(10), 0, 1)).toThrow(RangeError);
    expect(() => randomSplit(columns(10), 1, 1)).toThrow(RangeError);
  });
});
