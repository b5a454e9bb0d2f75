import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt, type RandomSource } from '../random';
import { ProblemLog } from './import-problem';
import { classifyFile } from './layouts';
import type { RatingsLayout } from './ratings-layout';
import { RatingsParser } from './ratings-parser';

/**
 * The parser's fast path (one pass over a chunk's complete lines) against its slow path (one line
 * at a time, field by field, the code that words every problem). Fed one byte per chunk, every
 * line takes the slow path (each line is completed by a later chunk); fed whole, every complete
 * line takes the fast path first. Both must give the same rows, lines and problems for any input.
 */

const encoder = new TextEncoder();

function layoutOf(fileName: string, firstLine: string): RatingsLayout {
  const role = classifyFile(fileName, firstLine);
  if (role.kind !== 'ratings') throw new Error(`${fileName} is ${role.kind}`);
  return role.layout;
}

function parseChunks(fileName: string, layout: RatingsLayout, bytes: Uint8Array, cuts: readonly number[]) {
  const log = new ProblemLog(Infinity);
  const parser = new RatingsParser(fileName, layout, log);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.push(bytes.subarray(at, cut));
    at = cut;
  }
  const lines = parser.linesRead;
  const slowLines = parser.slowPathLines;
  const columns = parser.end();
  return {
    rows: Array.from(columns.rating, (_, r) => [columns.userId[r], columns.movieId[r], columns.rating[r], columns.timestamp[r]]),
    lineOfRows: Array.from(columns.rating, (_, r) => columns.lineOf(r)),
    problems: log.problems,
    skipped: log.totalSkipped,
    lines,
    slowLines,
  };
}

const everyByte = (bytes: Uint8Array) => Array.from({ length: bytes.length }, (_, i) => i + 1).slice(0, -1);

/** Slow-path result (one byte per chunk) and fast-path result (one chunk) of the same bytes. */
function bothPaths(fileName: string, text: string | Uint8Array, layout = layoutOf(fileName, String(text).split('\n')[0]!)) {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return { slow: parseChunks(fileName, layout, bytes, everyByte(bytes)), fast: parseChunks(fileName, layout, bytes, []), bytes, layout };
}

function expectSame(a: ReturnType<typeof parseChunks>, b: ReturnType<typeof parseChunks>) {
  expect(a.rows).toEqual(b.rows);
  expect(a.lineOfRows).toEqual(b.lineOfRows);
  expect(a.problems).toEqual(b.problems);
  expect(a.skipped).toBe(b.skipped);
  expect(a.lines).toBe(b.lines);
}

const pick = <T>(random: RandomSource, items: readonly T[]): T => items[randomInt(random, items.length)]!;

/** A field value that is usually good and sometimes every kind of wrong. */
function randomField(random: RandomSource, kind: 'id' | 'rating' | 'timestamp'): string {
  const good =
    kind === 'id'
      ? String(1 + randomInt(random, 300_000))
      : kind === 'rating'
        ? pick(random, ['0.5', '1', '1.0', '2.5', '3', '3.5', '4.0', '4.5', '5', '5.0'])
        : String(randomInt(random, 2 ** 31));
  if (random() < 0.85) return good;
  return pick(random, [
    '',
    ' ',
    ` ${good}`,
    `${good} `,
    `-${good}`,
    `+${good}`,
    `"${good}"`,
    `${good}x`,
    'x',
    '0',
    '00',
    `0${good}`,
    '.5',
    '4.',
    '.',
    '0.4',
    '5.01',
    '5.0000000001',
    '3.25',
    '12345678901',
    '2147483647',
    '2147483648',
    '4294967295',
    '4294967296',
    '9999999999',
    '1e3',
    'NaN',
    'é',
    '\u00a0',
    '1\r2',
  ]);
}

/** `count` lines of `layout` (user, movie, rating, timestamp in the layout's field order), some broken. */
function randomLines(random: RandomSource, layout: RatingsLayout, count: number): string[] {
  const lines: string[] = [];
  for (let l = 0; l < count; l++) {
    const roll = random();
    if (roll < 0.02) {
      lines.push(pick(random, ['', '\r', ' ', layout.separator, `${layout.separator}${layout.separator}`, '1', '"a"']));
      continue;
    }
    const fields = Array.from({ length: layout.fieldCount }, () => String(randomInt(random, 1000)));
    fields[layout.userField] = randomField(random, 'id');
    fields[layout.movieField] = randomField(random, 'id');
    fields[layout.ratingField] = randomField(random, 'rating');
    if (layout.timestampField >= 0) fields[layout.timestampField] = randomField(random, 'timestamp');
    if (roll < 0.04) fields.pop();
    else if (roll < 0.06) fields.push('7');
    let line = fields.join(layout.separator);
    if (roll > 0.97 && layout.separator === '::') line = line.replace('::', ':');
    lines.push(line);
  }
  return lines;
}

describe('the fast and the slow path of RatingsParser', () => {
  const cases: readonly { name: string; fileName: string; header: string | undefined }[] = [
    { name: 'ratings.csv', fileName: 'ratings.csv', header: 'userId,movieId,rating,timestamp' },
    { name: 'a header in another order', fileName: 'r.csv', header: 'timestamp,rating,userId,movieId' },
    { name: 'no timestamp column', fileName: 'r.csv', header: 'movieId,userId,rating' },
    { name: "'::' ratings.dat", fileName: 'ratings.dat', header: undefined },
    { name: 'tab-separated u.data', fileName: 'u.data', header: undefined },
  ];
  for (const { name, fileName, header } of cases) {
    it(`agree on random good and bad lines: ${name}, LF and CRLF`, () => {
      const layout =
        header !== undefined
          ? layoutOf(fileName, header)
          : fileName === 'u.data'
            ? layoutOf(fileName, '1\t2\t3\t4')
            : layoutOf(fileName, '1::2::3::4');
      for (let seed = 1; seed <= 6; seed++) {
        const random = mulberry32(seed);
        const body = randomLines(random, layout, 400);
        const ending = seed % 2 === 0 ? '\r\n' : '\n';
        const text = [...(header === undefined ? [] : [header]), ...body].join(ending) + (seed % 3 === 0 ? '' : ending);
        const { slow, fast } = bothPaths(fileName, text, layout);
        expectSame(fast, slow);
        // The inputs really test both paths: a good share of rows, problems of many kinds.
        expect(fast.rows.length).toBeGreaterThan(100);
        expect(fast.skipped).toBeGreaterThan(20);
        expect(new Set(fast.problems.map((p) => p.message.split(' ')[0])).size).toBeGreaterThan(2);
      }
    });
  }

  it('takes the fast path for well-formed lines, so it is really tested', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1},${1 + ((i * 7) % 500)},${(i % 10) / 2 + 0.5},${1e9 + i}`);
    const { fast, slow } = bothPaths('ratings.csv', `userId,movieId,rating,timestamp\n${lines.join('\n')}\n`);
    expectSame(fast, slow);
    expect(fast.rows).toHaveLength(1000);
    expect(fast.slowLines).toBe(1); // the header
    expect(slow.slowLines).toBe(1001);
  });

  it('gives the same floats for every rating spelling the slow path accepts', () => {
    const ratings = ['0.5', '.5', '4.', '4', '04', '4.0', '4.00', '3.5', '3.50', '1.25', '2.999999', '4.99999999', '5', '5.0', '0.50'];
    const text = `userId,movieId,rating,timestamp\n${ratings.map((r, i) => `1,${i + 1},${r},0`).join('\n')}\n`;
    const { fast, slow } = bothPaths('ratings.csv', text);
    expectSame(fast, slow);
    expect(fast.rows.map((r) => r[2])).toEqual(ratings.map((r) => Math.fround(Number(r))));
  });

  it('reads the same whatever the chunking: a line split at every offset', () => {
    const text = 'userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n\r\n7,x,5,1\r\n2,1029,3.0,1260759179\r\n9,9,4.5,9';
    const bytes = encoder.encode(text);
    const layout = layoutOf('ratings.csv', 'userId,movieId,rating,timestamp');
    const reference = parseChunks('ratings.csv', layout, bytes, everyByte(bytes));
    expect(reference.rows).toHaveLength(3);
    for (let cut = 1; cut < bytes.length; cut++) expectSame(parseChunks('ratings.csv', layout, bytes, [cut]), reference);
    for (let cut = 1; cut + 3 < bytes.length; cut++) expectSame(parseChunks('ratings.csv', layout, bytes, [cut, cut + 3]), reference);
  });

  it('words every problem the same on both paths, with its line', () => {
    const text = [
      'userId,movieId,rating,timestamp',
      '1,10,4,100',
      ' 1,10,4,100', // spaces are the slow path's to allow
      '1,10,4,100 ',
      '1,10,4,100,', // one field too many
      '1,10,4', // one too few
      '1,10,5.5,100',
      '1,10,4,4294967296',
      '0,10,4,100',
      '1,2147483648,4,100',
      '1,10,4,100\r\r',
      '"1",10,4,100',
      '1,10,4,1e3',
      '1,10,4,100',
    ].join('\n');
    const { fast, slow } = bothPaths('ratings.csv', text);
    expectSame(fast, slow);
    expect(fast.rows).toEqual([
      [1, 10, 4, 100],
      [1, 10, 4, 100],
      [1, 10, 4, 100],
      [1, 10, 4, 100],
    ]);
    expect(fast.problems.map((p) => p.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });
});
