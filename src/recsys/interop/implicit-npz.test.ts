import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IdMap } from '../dataset';
import { alignExternalFactors } from './external-factors';
import { readImplicitNpz, writeImplicitNpz } from './implicit-npz';
import { writeNpy } from './npy';

const users = IdMap.fromRawIds([3, 1, 2]);
const movies = IdMap.fromRawIds([20, 10]);
const bits = (values: Float32Array) => Array.from(new Uint32Array(values.slice().buffer));

describe('implicit .npz', () => {
  it('round-trips a model bit for bit, ids and settings included', () => {
    const model = {
      rank: 2,
      userIds: Int32Array.from([3, 1, 2]),
      userFactors: Float32Array.from([0.1, -0.2, 1e-7, 3.5, -0, 42]),
      movieIds: Int32Array.from([20, 10]),
      movieFactors: Float32Array.from([Math.PI, Math.E, -1, 1]),
    };
    const back = readImplicitNpz(writeImplicitNpz(model, { regularization: 0.05, alpha: 40, iterations: 15 }), users, movies);
    expect(back.rowIds).toEqual({ users: 'id arrays', movies: 'id arrays' });
    expect(Array.from(back.userIds)).toEqual([3, 1, 2]);
    expect(bits(back.userFactors)).toEqual(bits(model.userFactors));
    expect(bits(back.movieFactors)).toEqual(bits(model.movieFactors));
    expect(back).toMatchObject({ rank: 2, regularization: 0.05, alpha: 40, iterations: 15 });
  });

  /** A save as implicit writes it: no ids, rows as the person's matrix had them. */
  const implicitSave = (userRows: number, itemRows: number, rank = 2) =>
    zipSync({
      'user_factors.npy': [
        writeNpy(
          Float32Array.from({ length: userRows * rank }, (_, i) => Math.floor(i / rank)),
          [userRows, rank],
        ),
        { level: 0 },
      ],
      'item_factors.npy': [
        writeNpy(
          Float32Array.from({ length: itemRows * rank }, (_, i) => 100 + Math.floor(i / rank)),
          [itemRows, rank],
        ),
        { level: 0 },
      ],
      'factors.npy': [writeNpy(Int32Array.of(rank), []), { level: 0 }],
    });

  it('matches rows without ids by the two usual layouts, and says which', () => {
    // Indexed by MovieLens id (rows 0..max id): row 3 is user 3.
    const byId = readImplicitNpz(implicitSave(4, 21), users, movies);
    expect(byId.rowIds).toEqual({ users: 'row = id', movies: 'row = id' });
    const aligned = alignExternalFactors(byId, users, movies);
    expect(Array.from(aligned.userFactors)).toEqual([3, 3, 1, 1, 2, 2]);
    expect(Array.from(aligned.movieFactors)).toEqual([120, 120, 110, 110]);
    // One row per id, in increasing id order (category codes): row 0 is user 1.
    const sorted = readImplicitNpz(implicitSave(3, 2), users, movies);
    expect(sorted.rowIds).toEqual({ users: 'sorted ids', movies: 'sorted ids' });
    expect(Array.from(alignExternalFactors(sorted, users, movies).userFactors)).toEqual([2, 2, 0, 0, 1, 1]);
  });

  it('refuses what cannot be matched or does not add up, with the reason', () => {
    expect(() => readImplicitNpz(implicitSave(7, 2), users, movies, 'als.npz')).toThrow(
      /als\.npz: user_factors has 7 rows and no user_ids; the loaded dataset has 3 users with ids up to 3.*Save user_ids/,
    );
    expect(() => readImplicitNpz(implicitSave(3, 2, 3).slice(0, 100), users, movies, 'als.npz')).toThrow(/als\.npz/);
    const noItems = zipSync({ 'user_factors.npy': [writeNpy(new Float32Array(6), [3, 2]), { level: 0 }] });
    expect(() => readImplicitNpz(noItems, users, movies, 'als.npz')).toThrow(/no item_factors array/);
    const mixed = zipSync({
      'user_factors.npy': [writeNpy(new Float32Array(6), [3, 2]), { level: 0 }],
      'item_factors.npy': [writeNpy(new Float32Array(6), [2, 3]), { level: 0 }],
    });
    expect(() => readImplicitNpz(mixed, users, movies, 'als.npz')).toThrow(/user_factors has 2 factors, item_factors 3/);
    const lying = zipSync({
      'user_factors.npy': [writeNpy(new Float32Array(6), [3, 2]), { level: 0 }],
      'item_factors.npy': [writeNpy(new Float32Array(4), [2, 2]), { level: 0 }],
      'factors.npy': [writeNpy(Int32Array.of(64), []), { level: 0 }],
    });
    expect(() => readImplicitNpz(lying, users, movies, 'als.npz')).toThrow(/factors says 64, the tables have 2/);
  });
});
