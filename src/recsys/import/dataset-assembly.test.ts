import { describe, expect, it } from 'vitest';
import { IdMap } from '../dataset';
import { mulberry32, randomInt, type RandomSource } from '../random';
import { buildDataset } from './build-dataset';
import { mapIds } from './dataset-assembly';
import { DenseLookup } from './dense-lookup';
import { dropRepeatedPairs } from './repeated-pairs';
import { ProblemLog } from './import-problem';
import { BLOCK_ROWS, lineIndex, type RatingsPart } from './ratings-columns';

/** Raw rows (user, movie, timestamp) as one part, split into blocks of `blockRows`. */
function partOf(rows: readonly (readonly [number, number, number])[], blockRows = BLOCK_ROWS): RatingsPart {
  const blocks = <T>(make: (n: number) => T & { [i: number]: number }, pick: (row: readonly [number, number, number]) => number) => {
    const out: T[] = [];
    for (let at = 0; at < rows.length; at += blockRows) {
      const block = make(blockRows);
      rows.slice(at, at + blockRows).forEach((row, k) => (block[k] = pick(row)));
      out.push(block);
    }
    return out;
  };
  return {
    rows: rows.length,
    lines: rows.length,
    gaps: new Int32Array(0),
    userId: blocks(
      (n) => new Int32Array(n),
      (r) => r[0],
    ),
    movieId: blocks(
      (n) => new Int32Array(n),
      (r) => r[1],
    ),
    rating: blocks(
      (n) => new Float32Array(n),
      () => 4,
    ),
    timestamp: blocks(
      (n) => new Uint32Array(n),
      (r) => r[2],
    ),
  };
}

type Shape = 'sorted' | 'grouped' | 'mixed';

/** Rows of `users` users: sorted (movies ascending per user), grouped by user (movies in any
 * order, some repeated), or mixed (users interleaved, some pairs repeated). */
function randomRows(random: RandomSource, shape: Shape, users: number): [number, number, number][] {
  const rows: [number, number, number][] = [];
  for (let u = 1; u <= users; u++) {
    const movies = new Set<number>();
    while (movies.size < 1 + randomInt(random, 8)) movies.add(1 + randomInt(random, 30));
    let list = [...movies].sort((a, b) => a - b);
    if (shape !== 'sorted') {
      list = list.sort(() => random() - 0.5);
      if (random() < 0.5) list.push(list[randomInt(random, list.length)]!);
    }
    for (const movie of list) rows.push([u * 3, movie, randomInt(random, 4)]);
  }
  if (shape === 'mixed') rows.sort(() => random() - 0.5);
  return rows;
}

function mapped(rows: readonly (readonly [number, number, number])[], blockRows: number) {
  const users = new IdMap();
  const movies = new IdMap();
  const movieLookup = new DenseLookup(movies);
  const result = mapIds([partOf(rows, blockRows)], new DenseLookup(users), movieLookup, (raw) => movieLookup.add(raw));
  return { ...result, users, movies };
}

describe('mapIds and dropRepeatedPairs', () => {
  it('tell sorted, grouped and mixed files apart, and the shortcuts drop exactly what the general pass drops', () => {
    const random = mulberry32(7);
    for (const shape of ['sorted', 'grouped', 'mixed'] as const) {
      for (let trial = 0; trial < 20; trial++) {
        const rows = randomRows(random, shape, 1 + randomInt(random, 40));
        const { user, movie, order, users, movies } = mapped(rows, 1 + randomInt(random, 50));
        if (shape === 'sorted') expect(order.moviesAscendWithinUser).toBe(true);
        if (shape !== 'mixed') expect(order.groupedByUser).toBe(true);
        // Ids map in first-seen order.
        expect(Array.from(users.rawIds())).toEqual([...new Set(rows.map((r) => r[0]))]);
        expect(Array.from(movies.rawIds())).toEqual([...new Set(rows.map((r) => r[1]))]);
        const timestamp = Uint32Array.from(rows, (r) => r[2]);
        const lineOf = lineIndex(1, new Int32Array(0));
        const drop = (rowOrder: typeof order | undefined) => {
          const columns = { userId: user.slice(), movieId: movie.slice(), rating: new Float32Array(rows.length), timestamp, lineOf };
          const log = new ProblemLog(Infinity);
          const dropped = dropRepeatedPairs('r.csv', columns, users.size, movies.size, log, rowOrder);
          return { dropped, movie: Array.from(columns.movieId), problems: log.problems };
        };
        const general = drop(undefined);
        expect(drop(order)).toEqual(general);
        // The rule: per (user, movie) the row with the latest timestamp stays, the later line on a tie.
        const kept = new Map<string, number>();
        rows.forEach(([u, m, t], r) => {
          const earlier = kept.get(`${u}:${m}`);
          if (earlier === undefined || t >= rows[earlier]![2]) kept.set(`${u}:${m}`, r);
        });
        expect(general.movie.flatMap((m, r) => (m >= 0 ? [r] : []))).toEqual([...kept.values()].sort((a, b) => a - b));
        expect(general.dropped).toBe(rows.length - kept.size);
      }
    }
  });

  it('drops the rows of movies the movies file lacks, with their lines, and keeps the rest in order', () => {
    const { dataset, report } = buildDataset(
      [
        { name: 'movies.csv', text: 'movieId,title,genres\n1,A (1990),Drama\n' },
        { name: 'ratings.csv', text: 'userId,movieId,rating,timestamp\n2,1,4,1\n2,5,3,2\n1,1,4.5,3\n' },
      ],
      'test',
    );
    expect(Array.from(dataset.ratings.user)).toEqual([0, 1]);
    expect(Array.from(dataset.ratings.rating)).toEqual([4, 4.5]);
    expect(report.problems.map((p) => [p.line, p.message])).toEqual([[3, 'movieId 5 is not in movies.csv']]);
  });
});
