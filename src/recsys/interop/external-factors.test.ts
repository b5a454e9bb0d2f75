import { describe, expect, it } from 'vitest';
import { IdMap } from '../dataset';
import { alignExternalFactors, ExternalFactorsError, type ExternalFactors } from './external-factors';

const users = IdMap.fromRawIds([5, 1, 9]);
const movies = IdMap.fromRawIds([100, 200, 300, 400]);

/** Rank 2; each row's factors are (id, −id), so where a row lands is easy to see. */
function model(userIds: number[], movieIds: number[]): ExternalFactors {
  const table = (ids: number[]) => Float32Array.from(ids.flatMap((id) => [id, -id]));
  return {
    rank: 2,
    userIds: Int32Array.from(userIds),
    userFactors: table(userIds),
    movieIds: Int32Array.from(movieIds),
    movieFactors: table(movieIds),
  };
}

describe('alignExternalFactors', () => {
  it("puts each engine row at its id's place in the dataset, whatever order the engine wrote", () => {
    const aligned = alignExternalFactors(model([9, 5, 1], [400, 100, 300, 200]), users, movies);
    expect(Array.from(aligned.userFactors)).toEqual([5, -5, 1, -1, 9, -9]);
    expect(Array.from(aligned.movieFactors)).toEqual([100, -100, 200, -200, 300, -300, 400, -400]);
    expect(aligned).toMatchObject({ factors: 2, userCount: 3, movieCount: 4, usersWithoutRow: 0, moviesWithoutRow: 0 });
  });

  it('gives dataset ids the engine never saw (Spark drops rows without training ratings) a zero row, counted', () => {
    const aligned = alignExternalFactors(model([1], [300, 100]), users, movies);
    expect(Array.from(aligned.userFactors)).toEqual([0, 0, 1, -1, 0, 0]);
    expect(Array.from(aligned.movieFactors)).toEqual([100, -100, 0, 0, 300, -300, 0, 0]);
    expect(aligned.usersWithoutRow).toBe(2);
    expect(aligned.moviesWithoutRow).toBe(2);
  });

  it('refuses ids the dataset does not have, naming them and counting them all', () => {
    expect(() => alignExternalFactors(model([5, 7, 8], [100]), users, movies)).toThrow(
      /^2 user ids are not in the loaded dataset: 7, 8\. Load the dataset the model was trained on\.$/,
    );
    const many = Array.from({ length: 25 }, (_, i) => 1000 + i);
    expect(() => alignExternalFactors(model([5], many), users, movies)).toThrow(/25 movie ids are not in .*1009, … \(25 in all\)/);
  });

  it('refuses a rank that does not match the arrays, NaN or infinite factors, repeated ids and absurd ranks', () => {
    const short = { ...model([5, 1], [100]), userFactors: new Float32Array(3) };
    expect(() => alignExternalFactors(short, users, movies)).toThrow(/user factors hold 3 numbers, but 2 users at rank 2 need 4/);
    const nan = model([5, 1], [100]);
    nan.movieFactors[1] = Number.NaN;
    expect(() => alignExternalFactors(nan, users, movies)).toThrow(ExternalFactorsError);
    expect(() => alignExternalFactors(nan, users, movies)).toThrow(/movie factors hold NaN \(movie id 100, factor 1\)/);
    const inf = model([5, 1], [100]);
    inf.userFactors[2] = Number.POSITIVE_INFINITY;
    expect(() => alignExternalFactors(inf, users, movies)).toThrow(/Infinity \(user id 1, factor 0\)/);
    expect(() => alignExternalFactors(model([5, 5], [100]), users, movies)).toThrow(/user ids repeat: 5/);
    expect(() => alignExternalFactors({ ...model([], []), rank: 0 }, users, movies)).toThrow(/Rank 0 is not/);
  });
});
