import { describe, expect, it } from 'vitest';
import { BatchRowGrouper } from './batch-rows';

describe('BatchRowGrouper', () => {
  it('lists every rating under both of its rows, with the row on the other side', () => {
    // 3 users, 4 movies: user rows 0..2, movie rows 3..6.
    const grouper = new BatchRowGrouper(3, 4, 8);
    const users = Int32Array.of(1, 0, 1, 2);
    const movies = Int32Array.of(3, 3, 0, 3);
    const groups = grouper.group(users, movies, 4);
    expect(groups.rowCount).toBe(5);
    const byRow = new Map<number, [number, number][]>();
    for (let r = 0; r < groups.rowCount; r++) {
      const pairs: [number, number][] = [];
      for (let o = groups.rowOffsets[r]; o < groups.rowOffsets[r + 1]; o++) {
        pairs.push([groups.occurrences[2 * o], groups.occurrences[2 * o + 1]]);
      }
      byRow.set(groups.rowIds[r], pairs);
    }
    expect(byRow.get(1)).toEqual([
      [0, 6],
      [2, 3],
    ]); // user 1 rated movies 3 and 0
    expect(byRow.get(0)).toEqual([[1, 6]]);
    expect(byRow.get(6)).toEqual([
      [0, 1],
      [1, 0],
      [3, 2],
    ]); // movie 3 rated by users 1, 0, 2
    expect(byRow.get(3)).toEqual([[2, 1]]); // movie 0
    expect(byRow.get(2)).toEqual([[3, 6]]);
  });

  it('starts afresh for each batch without clearing whole tables', () => {
    const grouper = new BatchRowGrouper(2, 2, 4);
    grouper.group(Int32Array.of(0, 1), Int32Array.of(0, 1), 2);
    const second = grouper.group(Int32Array.of(1), Int32Array.of(1), 1);
    expect(second.rowCount).toBe(2);
    expect(Array.from(second.rowIds.subarray(0, 2))).toEqual([1, 3]);
    expect(Array.from(second.rowOffsets.subarray(0, 3))).toEqual([0, 1, 2]);
  });
});
