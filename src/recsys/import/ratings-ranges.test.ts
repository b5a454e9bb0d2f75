import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../random';
import { buildDataset, DatasetBuilder } from './build-dataset';
import type { ColumnJoiner } from './column-joiner';
import type { ImportResult } from './import-report';
import { joinRatings, mapColumn } from './dataset-assembly';
import { ImportError, ProblemLog } from './import-problem';
import { classifyFile } from './layouts';
import { joinBlocks, joinParts } from './ratings-columns';
import type { RatingsLayout } from './ratings-layout';
import { RatingsParser } from './ratings-parser';
import { bytesReader, joinRanges, parseRatingsRange, splitIntoRanges, type ByteRange, type RangeResult } from './ratings-ranges';

/**
 * A ratings file cut into byte ranges anywhere (mid-line, at a '\n', at a '\r', inside the
 * header or a byte-order mark), each range parsed on its own and the results joined, must give
 * exactly what the single-stream parser gives: the same columns, line of every row, problems
 * (the first 50 in file order) and skipped count.
 */

const encoder = new TextEncoder();

function layoutOf(fileName: string, bytes: Uint8Array): RatingsLayout {
  let text = new TextDecoder().decode(bytes.subarray(0, 200));
  text = text.replace(/^\uFEFF/, '');
  const role = classifyFile(fileName, text.split('\n')[0]!);
  if (role.kind !== 'ratings') throw new Error(`${fileName} is ${role.kind}`);
  return role.layout;
}

function rowsOf(columns: ReturnType<typeof joinParts>) {
  return {
    userId: Array.from(columns.userId),
    movieId: Array.from(columns.movieId),
    rating: Array.from(columns.rating),
    timestamp: Array.from(columns.timestamp),
    lines: Array.from(columns.rating, (_, r) => columns.lineOf(r)),
  };
}

function singleStream(fileName: string, bytes: Uint8Array) {
  const layout = layoutOf(fileName, bytes);
  const log = new ProblemLog();
  const parser = new RatingsParser(fileName, layout, log);
  // As DatasetBuilder.openFile feeds it: without a byte-order mark.
  parser.push(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  const part = parser.endPart();
  return { ...rowsOf(joinParts([part], layout.headerLines)), problems: log.problems, skipped: log.totalSkipped, lines: part.lines };
}

async function inRanges(fileName: string, bytes: Uint8Array, ranges: readonly ByteRange[], chunkBytes: number) {
  const layout = layoutOf(fileName, bytes);
  const results: RangeResult[] = [];
  const progress: number[] = [];
  for (const range of ranges) {
    let last = 0;
    results.push(
      await parseRatingsRange(bytesReader(bytes, chunkBytes), fileName, layout, range, {
        onProgress: (done) => {
          expect(done).toBeGreaterThanOrEqual(last);
          last = done;
        },
      }),
    );
    progress.push(last);
  }
  const log = new ProblemLog();
  const { parts, lines } = joinRanges(results, fileName, log);
  return { ...rowsOf(joinParts(parts, layout.headerLines)), problems: log.problems, skipped: log.totalSkipped, lines, progress };
}

/** Ranges from sorted cut points over [0, size). */
function rangesAt(cuts: readonly number[], size: number): ByteRange[] {
  const points = [0, ...cuts, size];
  return points.slice(1).map((end, i) => ({ start: points[i]!, end }));
}

async function expectSameAsOneStream(fileName: string, bytes: Uint8Array, cuts: readonly number[], chunkBytes = 7) {
  const expected = singleStream(fileName, bytes);
  const { progress, ...got } = await inRanges(fileName, bytes, rangesAt(cuts, bytes.length), chunkBytes);
  expect(got).toEqual(expected);
  // Progress: each range reports its own size at the end, so the sum is the file's.
  expect(progress.reduce((a, b) => a + b, 0)).toBe(bytes.length);
  return expected;
}

/** A ratings file with bad lines and blank lines, CRLF on some lines; more than 50 problems. */
function messyCsv(seed: number, lines: number): string {
  const random = mulberry32(seed);
  const out = ['userId,movieId,rating,timestamp'];
  for (let l = 0; l < lines; l++) {
    const roll = random();
    const end = roll < 0.3 ? '\r' : '';
    if (roll < 0.05) out.push(end);
    else if (roll < 0.2) out.push(`${1 + randomInt(random, 50)},x${l},4,1${end}`);
    else out.push(`${1 + randomInt(random, 50)},${1 + randomInt(random, 80)},${1 + randomInt(random, 9) / 2},${l}${end}`);
  }
  return out.join('\n') + (seed % 2 === 0 ? '\n' : '');
}

describe('a ratings file parsed in byte ranges', () => {
  it('gives what one stream gives, cut into 1 to 7 ranges anywhere', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const bytes = encoder.encode(messyCsv(seed, 600));
      const random = mulberry32(100 + seed);
      for (let count = 1; count <= 7; count++) {
        for (let trial = 0; trial < 4; trial++) {
          const cuts = Array.from({ length: count - 1 }, () => randomInt(random, bytes.length + 1)).sort((a, b) => a - b);
          const expected = await expectSameAsOneStream('ratings.csv', bytes, cuts, 1 + randomInt(random, 300));
          expect(expected.problems).toHaveLength(50); // the cap, across ranges
          expect(expected.skipped).toBeGreaterThan(50);
        }
      }
    }
  });

  it('cuts at every byte of a small file: in the header, at a \\r, at a \\n, mid-field', async () => {
    const text = 'userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n\r\n7,x,5,1\n2,1029,3.0,1260759179\r\n\n9,9,4.5,9';
    const bytes = encoder.encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) await expectSameAsOneStream('ratings.csv', bytes, [cut]);
    for (let cut = 0; cut + 5 <= bytes.length; cut++) await expectSameAsOneStream('ratings.csv', bytes, [cut, cut + 1, cut + 5], 1);
  });

  it('keeps a byte-order mark out of the first line, wherever range 0 ends', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('rating,movieId,userId\n4.5,10,3\n1,11,3\n')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const expected = await expectSameAsOneStream('r.csv', bytes, [cut]);
      expect(expected.rating).toEqual([4.5, 1]);
    }
  });

  it("reads '::' and tab layouts, a range inside one long line, and empty ranges", async () => {
    const dat = encoder.encode('1::1193::5::978300760\n1::661::3::978302109\n2::1:3::1\n\n3::3::3::3');
    for (let cut = 0; cut <= dat.length; cut++) await expectSameAsOneStream('ratings.dat', dat, [cut, Math.min(dat.length, cut + 2)]);
    const data = encoder.encode(`196\t242\t3\t881250949\n186\t302\t3\t${'9'.repeat(200)}\n22\t377\t1\t878887116\n`);
    await expectSameAsOneStream('u.data', data, [30, 60, 90, 90, 120]);
  });

  it('splits a file into nearly equal ranges that cover it', () => {
    expect(splitIntoRanges(10, 3)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 10 },
    ]);
    expect(splitIntoRanges(2, 8)).toHaveLength(2);
    expect(splitIntoRanges(0, 4)).toEqual([{ start: 0, end: 0 }]);
  });
});

/** A ColumnJoiner in this thread, from the pure functions the parse workers run. */
function joinerHere(results: readonly RangeResult[]): ColumnJoiner & { used: string[] } {
  const parts = results.map((r) => r.part);
  const column = <T>(pick: (p: (typeof parts)[number]) => T[]) => parts.map((p) => ({ rows: p.rows, blocks: pick(p).splice(0) }));
  const ratingColumns = () => {
    const ratings = joinRatings(column((p) => p.rating).map((c) => ({ rows: c.rows, rating: c.blocks })));
    return {
      ...ratings,
      timestamp: joinBlocks(
        column((p) => p.timestamp),
        (n) => new Uint32Array(n),
      ),
    };
  };
  const used: string[] = [];
  return {
    used,
    joinMapped: (userTable, movieTable) => {
      used.push('mapped');
      const user = mapColumn(
        column((p) => p.userId),
        userTable,
      );
      const movie = mapColumn(
        column((p) => p.movieId),
        movieTable,
      );
      return Promise.resolve({ user, movie, ...ratingColumns() });
    },
    joinRatingColumns: () => {
      used.push('ratings');
      return Promise.resolve(ratingColumns());
    },
  };
}

describe('DatasetBuilder with ratings read in ranges', () => {
  const movies = 'movieId,title,genres\n1,A (1990),Drama\n2,B (1991),Comedy\n3,C (1992),Drama\n';

  /** The files through one builder, the ratings read in ranges cut at `cuts`: joined here
   * (finish) or by a joiner (finishJoining). */
  async function viaRanges(ratings: string, cuts: readonly number[], how: 'here' | 'joiner' = 'here', withMovies = true) {
    const bytes = encoder.encode(ratings);
    const builder = new DatasetBuilder('test');
    if (withMovies) {
      const movieSink = builder.openFile('movies.csv');
      movieSink.push(encoder.encode(movies));
      movieSink.end();
    }
    const layout = builder.ratingsLayoutOf('ratings.csv', bytes.subarray(0, 100));
    if (!layout) throw new Error('not read as ratings');
    const results: RangeResult[] = [];
    for (const range of rangesAt(cuts, bytes.length))
      results.push(await parseRatingsRange(bytesReader(bytes, 5), 'ratings.csv', layout, range));
    if (how === 'here') {
      builder.addRatingsRanges('ratings.csv', layout, results);
      return { result: builder.finish(), used: [] };
    }
    const joiner = joinerHere(results);
    builder.readRatingsElsewhere('ratings.csv', layout).complete(results, joiner);
    return { result: await builder.finishJoining(), used: joiner.used };
  }

  function oneStream(ratings: string, withMovies = true): ImportResult {
    return buildDataset([...(withMovies ? [{ name: 'movies.csv', text: movies }] : []), { name: 'ratings.csv', text: ratings }], 'test');
  }

  async function expectSameEverywhere(ratings: string, withMovies: boolean, joinedAs: string) {
    const expected = oneStream(ratings, withMovies);
    for (let cut = 0; cut <= ratings.length; cut += 2) {
      for (const how of ['here', 'joiner'] as const) {
        const { result, used } = await viaRanges(ratings, [cut, Math.min(ratings.length, cut + 11)], how, withMovies);
        expect(result.dataset).toEqual(expected.dataset);
        expect(result.report).toEqual({ ...expected.report, parseWorkers: 3 });
        if (how === 'joiner') expect(used).toEqual([joinedAs]);
      }
    }
    return expected;
  }

  it('builds the same dataset and report as one stream: unknown movies, repeated pairs, skipped lines', async () => {
    const ratings = [
      'userId,movieId,rating,timestamp',
      '5,2,4,10',
      '5,9,4,11', // movie 9 is not in movies.csv: its rows are dropped one by one, so the ids are mapped here
      '9,1,3.5,12',
      '5,1,bad,13',
      '',
      '5,2,2,14', // a repeated pair: this later one is kept
      '9,3,5,15',
      '5,3,1,16',
    ].join('\n');
    const expected = await expectSameEverywhere(ratings, true, 'ratings');
    expect(expected.report.duplicatesDropped).toBe(1);
    expect(expected.report.problems.map((p) => p.line)).toEqual([5, 3, 2]);
  });

  it('maps the ids through planned tables when every movie is known: sorted, grouped and mixed rows, users across cuts', async () => {
    const sorted = 'userId,movieId,rating,timestamp\n3,1,4,1\n3,2,4,2\n3,3,5,3\n7,1,1,4\n7,3,2,5\n8,2,3,6\n';
    const grouped = 'userId,movieId,rating,timestamp\n3,2,4,1\n3,1,4,2\n3,2,5,3\n7,3,1,4\n7,1,2,5\n8,2,3,6\n';
    const mixed = 'userId,movieId,rating,timestamp\n3,2,4,1\n7,1,4,2\n3,2,5,3\n8,3,1,4\n7,1,2,0\n3,3,3,6\n';
    expect((await expectSameEverywhere(sorted, true, 'mapped')).report.duplicatesDropped).toBe(0);
    expect((await expectSameEverywhere(grouped, true, 'mapped')).report.duplicatesDropped).toBe(1);
    expect((await expectSameEverywhere(mixed, true, 'mapped')).report.duplicatesDropped).toBe(2);
    // Movies ascend within each range but not across the cut before "3,2,5,4": a repeated pair.
    const acrossCut = 'userId,movieId,rating,timestamp\n3,1,4,1\n3,2,4,2\n3,3,4,3\n3,2,5,4\n7,1,1,5\n';
    expect((await expectSameEverywhere(acrossCut, true, 'mapped')).report.duplicatesDropped).toBe(1);
    // Without a movies file the movies too get indices in order of first appearance.
    expect((await expectSameEverywhere(mixed.replaceAll(',3,', ',30,'), false, 'mapped')).dataset.movieInfo[0]).toEqual({
      title: 'Movie 2',
      genres: [],
    });
  });

  it('refuses a header without ratings and a file without a single good line, as one stream does', async () => {
    const refusal = async (ratings: string) => {
      try {
        await viaRanges(ratings, [4]);
      } catch (error) {
        if (error instanceof ImportError) return error.problem;
        throw error;
      }
      throw new Error('not refused');
    };
    expect(await refusal('userId,movieId,rating,timestamp\n')).toMatchObject({ line: 2, message: 'the file has a header but no ratings' });
    expect(await refusal('userId,movieId,rating,timestamp\n1,x,3,1\n')).toMatchObject({
      message: 'no line could be read as a rating (see the skipped lines)',
    });
  });
});
