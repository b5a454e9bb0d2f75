import { describe, expect, it } from 'vitest';
import { ProblemLog } from './import-problem';
import { classifyFile } from './layouts';
import type { RatingsLayout } from './ratings-layout';
import { RatingsParser } from './ratings-parser';

const encoder = new TextEncoder();

function layoutOf(fileName: string, text: string): RatingsLayout {
  const role = classifyFile(fileName, text.split('\n')[0]);
  if (role.kind !== 'ratings') throw new Error(`${fileName} is ${role.kind}`);
  return role.layout;
}

/** Parses `text` fed in chunks of `chunkSize` bytes (lines split anywhere). */
function parse(fileName: string, text: string, chunkSize = 1 << 20) {
  const log = new ProblemLog();
  const parser = new RatingsParser(fileName, layoutOf(fileName, text), log);
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length; at += chunkSize) parser.push(bytes.subarray(at, at + chunkSize));
  const columns = parser.end();
  const rows = Array.from(columns.rating, (_, r) => [columns.userId[r], columns.movieId[r], columns.rating[r], columns.timestamp[r]]);
  return { rows, lines: rows.map((_, r) => columns.lineOf(r)), log };
}

describe('RatingsParser', () => {
  it('reads ratings.csv into columns, whatever the chunking', () => {
    const text = 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n7,31,5,1\n';
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const { rows, lines, log } = parse('ratings.csv', text, chunk);
      expect(rows).toEqual([
        [1, 31, 2.5, 1260759144],
        [1, 1029, 3, 1260759179],
        [7, 31, 5, 1],
      ]);
      expect(lines).toEqual([2, 3, 4]);
      expect(log.totalSkipped).toBe(0);
    }
  });

  it('takes CRLF line ends, a BOM, columns in another order, no timestamp and no final newline', () => {
    const { rows } = parse('r.csv', '\uFEFFrating,movieId,userId\r\n4.5,10,3\r\n1,11,3', 3);
    expect(rows).toEqual([
      [3, 10, 4.5, 0],
      [3, 11, 1, 0],
    ]);
  });

  it('reads ml-1m ratings.dat and ml-100k u.data', () => {
    expect(parse('ratings.dat', '1::1193::5::978300760\n1::661::3::978302109\n').rows).toEqual([
      [1, 1193, 5, 978300760],
      [1, 661, 3, 978302109],
    ]);
    expect(parse('u.data', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n').rows).toEqual([
      [196, 242, 3, 881250949],
      [186, 302, 3, 891717742],
    ]);
  });

  it('skips bad rows, counting each with its line and what was expected, and keeps line numbers right', () => {
    const text = [
      'userId,movieId,rating,timestamp',
      '1,10,4,100', // line 2: fine
      'x,10,4,100', // 3: bad user
      '1,-5,4,100', // 4: negative movie id
      '1,10,NaN,100', // 5
      '1,10,7,100', // 6: out of range
      '1,10,0,100', // 7: below 0.5
      '1,10', // 8: too few fields
      '1,10,3,yesterday', // 9: bad timestamp
      '', // 10: blank line, nothing lost
      '2,11,3.5,200', // 11: fine
      '3,12,Infinity,1', // 12
      '4,4294967296,3,1', // 13: id beyond 2^31
      '5,12,-1,1', // 14: negative rating
      '"6","12","4","1"', // 15: quoted
      '6,13,4.5,1', // 16: fine
    ].join('\n');
    const { rows, lines, log } = parse('ratings.csv', text, 5);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 6]);
    expect(lines).toEqual([2, 11, 16]);
    expect(log.totalSkipped).toBe(11);
    expect(log.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15]);
    const outOfRange = log.problems.find((p) => p.line === 6);
    expect(outOfRange?.message).toBe('rating "7" is not a rating');
    expect(outOfRange?.expected).toBe('a number from 0.5 to 5');
    expect(log.problems.find((p) => p.line === 8)?.expected).toContain('4 fields');
    expect(log.problems.find((p) => p.line === 14)?.message).toBe('rating "-1" is not a rating');
    expect(log.problems.every((p) => p.file === 'ratings.csv' && p.severity === 'skipped')).toBe(true);
  });

  it('keeps every count but only the first details when a file is systematically broken', () => {
    const log = new ProblemLog(5);
    const text = ['userId,movieId,rating,timestamp', ...Array.from({ length: 40 }, (_, i) => `${i + 1},1,9,1`), '1,1,3,1'].join('\n');
    const parser = new RatingsParser('r.csv', layoutOf('r.csv', text), log);
    parser.push(encoder.encode(text));
    expect(parser.end().rating.length).toBe(1);
    expect(log.totalSkipped).toBe(40);
    expect(log.problems).toHaveLength(5);
  });

  it('fills more than one block of rows', () => {
    const n = (1 << 20) + 5;
    const text = `userId,movieId,rating,timestamp\n${'2,3,4.5,6\n'.repeat(n)}`;
    const { rows } = parse('ratings.csv', text);
    expect(rows).toHaveLength(n);
    expect(rows[n - 1]).toEqual([2, 3, 4.5, 6]);
  });
});
