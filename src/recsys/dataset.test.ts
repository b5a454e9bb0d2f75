import { describe, expect, it } from 'vitest';
import { IdMap, selectRows } from './dataset';

describe('IdMap', () => {
  it('gives contiguous indices in first-seen order and maps back to raw ids', () => {
    const map = new IdMap();
    expect([500, 3, 500, 77, 3].map((id) => map.intern(id))).toEqual([0, 1, 0, 2, 1]);
    expect(map.size).toBe(3);
    expect(map.indexOf(77)).toBe(2);
    expect(map.indexOf(4)).toBeUndefined();
    expect([0, 1, 2].map((i) => map.rawId(i))).toEqual([500, 3, 77]);
    expect(() => map.rawId(3)).toThrow(RangeError);
    expect(Array.from(IdMap.fromRawIds(map.rawIds()).rawIds())).toEqual([500, 3, 77]);
  });
});

describe('selectRows', () => {
  it('copies the chosen rows of every column', () => {
    const columns = { user: Int32Array.of(0, 1, 2), movie: Int32Array.of(5, 6, 7), rating: Float32Array.of(1, 2, 3) };
    const picked = selectRows(columns, Int32Array.of(2, 0));
    expect(Array.from(picked.user)).toEqual([2, 0]);
    expect(Array.from(picked.movie)).toEqual([7, 5]);
    expect(Array.from(picked.rating)).toEqual([3, 1]);
  });
});
