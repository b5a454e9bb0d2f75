import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from './build-dataset';
import type { ImportReport } from './import-report';
import { ImportError, type ImportProblem } from './import-problem';

/**
 * The corpus of bad and odd inputs: each with what the person must be told. A case either
 * imports (with the listed rows skipped and counted) or is refused with a problem naming the
 * file, the line where there is one, and what was expected. None may throw anything else or take
 * more than a second.
 */
const MOVIES = 'movieId,title,genres\n1,Toy Story (1995),Animation\n2,Heat (1995),Crime\n3,"American President, The (1995)",Comedy\n';
const HEADER = 'userId,movieId,rating,timestamp\n';
const encoder = new TextEncoder();

type Input = string | Uint8Array;
interface Case {
  readonly name: string;
  readonly files: readonly (readonly [string, Input])[];
  /** Refused: the problem must match. */
  readonly refused?: Partial<ImportProblem> & { readonly messageIncludes?: string };
  /** Imported: ratings kept and lines skipped (with the lines listed). */
  readonly imported?: { readonly ratings: number; readonly skippedLines?: readonly number[]; readonly titles?: readonly string[] };
}

const ratingsWith = (...lines: string[]) => HEADER + lines.join('\n') + '\n';
const withMovies = (ratings: Input): Case['files'] => [
  ['movies.csv', MOVIES],
  ['ratings.csv', ratings],
];

const CORPUS: readonly Case[] = [
  { name: 'empty file', files: withMovies(''), refused: { file: 'ratings.csv', messageIncludes: 'empty' } },
  {
    name: '0-byte movies file',
    files: [
      ['movies.csv', ''],
      ['ratings.csv', ratingsWith('1,1,4,1')],
    ],
    refused: { file: 'movies.csv', messageIncludes: 'empty' },
  },
  { name: 'header only', files: withMovies(HEADER), refused: { file: 'ratings.csv', line: 2, messageIncludes: 'header but no ratings' } },
  {
    name: 'wrong columns',
    files: withMovies('user,item,score\n1,1,4\n'),
    refused: { file: 'ratings.csv', line: 1, messageIncludes: 'not a MovieLens file' },
  },
  { name: 'missing rating column', files: withMovies('userId,movieId,timestamp\n1,1,5\n'), refused: { file: 'ratings.csv', line: 1 } },
  { name: 'renamed column', files: withMovies('userId,movieId,stars,timestamp\n1,1,4,1\n'), refused: { file: 'ratings.csv', line: 1 } },
  {
    name: 'movies and ratings swapped',
    files: [
      ['movies.csv', ratingsWith('1,1,4,1')],
      ['ratings.csv', MOVIES],
    ],
    imported: { ratings: 1 },
  },
  {
    name: 'two ratings files',
    files: [
      ['a.csv', ratingsWith('1,1,4,1')],
      ['b.csv', ratingsWith('1,2,4,1')],
    ],
    refused: { file: 'b.csv', messageIncludes: 'second ratings file' },
  },
  {
    name: 'two movies files',
    files: [
      ['m1.csv', MOVIES],
      ['m2.csv', MOVIES],
      ['ratings.csv', ratingsWith('1,1,4,1')],
    ],
    refused: { file: 'm2.csv', messageIncludes: 'second movies file' },
  },
  { name: 'only a movies file', files: [['movies.csv', MOVIES]], refused: { messageIncludes: 'none of these files holds ratings' } },
  { name: 'non-numeric rating', files: withMovies(ratingsWith('1,1,good,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'NaN rating', files: withMovies(ratingsWith('1,1,NaN,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'Infinity rating', files: withMovies(ratingsWith('1,1,Infinity,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'negative rating', files: withMovies(ratingsWith('1,1,-3,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'rating above 5', files: withMovies(ratingsWith('1,1,6,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'non-numeric user id', files: withMovies(ratingsWith('alice,1,4,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  {
    name: 'user id beyond 2^31',
    files: withMovies(ratingsWith('2147483648,1,4,1', '1,2,4,1')),
    imported: { ratings: 1, skippedLines: [2] },
  },
  {
    name: 'movie id beyond 2^31',
    files: withMovies(ratingsWith('1,99999999999,4,1', '1,2,4,1')),
    imported: { ratings: 1, skippedLines: [2] },
  },
  { name: 'unknown movie', files: withMovies(ratingsWith('1,77,4,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'duplicate rows', files: withMovies(ratingsWith('1,1,4,1', '1,1,4,1', '1,2,3,1')), imported: { ratings: 2, skippedLines: [2] } },
  { name: 'CRLF line ends', files: withMovies(ratingsWith('1,1,4,1', '2,2,3,1').replace(/\n/g, '\r\n')), imported: { ratings: 2 } },
  { name: 'a BOM', files: withMovies('\uFEFF' + ratingsWith('1,1,4,1')), imported: { ratings: 1 } },
  {
    name: 'quoted commas and newlines in titles',
    files: [
      ['movies.csv', 'movieId,title,genres\n1,"Good, the Bad and the Ugly, The (1966)",Western\n2,"Two\nLines (2000)",Drama\n'],
      ['ratings.csv', ratingsWith('1,1,5,1', '1,2,3,1')],
    ],
    imported: { ratings: 2, titles: ['Good, the Bad and the Ugly, The (1966)', 'Two\nLines (2000)'] },
  },
  {
    name: 'Latin-1 bytes in a UTF-8 file',
    files: [
      ['movies.csv', new Uint8Array([...encoder.encode('movieId,title,genres\n1,Am'), 0xe9, ...encoder.encode('lie (2001),Comedy\n')])],
      ['ratings.csv', ratingsWith('1,1,5,1')],
    ],
    imported: { ratings: 1, titles: ['Amélie (2001)'] },
  },
  {
    name: 'binary garbage',
    files: [['ratings.csv', Uint8Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256)]],
    refused: { file: 'ratings.csv' },
  },
  { name: 'a very long single line', files: withMovies('x'.repeat(3_000_000)), refused: { file: 'ratings.csv' } },
  {
    name: 'a very long field in a ratings line',
    files: withMovies(ratingsWith(`1,1,4,${'9'.repeat(200_000)}`, '1,2,4,1')),
    imported: { ratings: 1, skippedLines: [2] },
  },
  {
    name: 'HTML and script in titles (kept as text)',
    files: [
      ['movies.csv', 'movieId,title,genres\n1,<script>alert(1)</script> (1999),Drama\n2,<img src=x onerror=alert(2)> (2000),Drama\n'],
      ['ratings.csv', ratingsWith('1,1,5,1', '1,2,4,1')],
    ],
    imported: { ratings: 2, titles: ['<script>alert(1)</script> (1999)', '<img src=x onerror=alert(2)> (2000)'] },
  },
  { name: 'too few fields', files: withMovies(ratingsWith('1,1', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'too many fields', files: withMovies(ratingsWith('1,1,4,1,extra', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  { name: 'blank lines in the middle', files: withMovies(HEADER + '1,1,4,1\n\n\n1,2,4,1\n'), imported: { ratings: 2 } },
  {
    name: 'no line can be read',
    files: withMovies(ratingsWith('a,b,c,d', 'e,f,g,h')),
    refused: { file: 'ratings.csv', messageIncludes: 'no line could be read' },
  },
  {
    name: 'a tags file alone',
    files: [['tags.csv', 'userId,movieId,tag,timestamp\n1,1,funny,1\n']],
    refused: { messageIncludes: 'none of these files holds ratings' },
  },
  {
    name: 'a users.dat of ml-1m',
    files: [['users.dat', '1::F::1::10::48067\n']],
    refused: { messageIncludes: 'none of these files holds ratings' },
  },
  { name: 'negative timestamp', files: withMovies(ratingsWith('1,1,4,-5', '1,2,4,1')), imported: { ratings: 1, skippedLines: [2] } },
  {
    name: 'a movies line with a bad id',
    files: [
      ['movies.csv', MOVIES + 'abc,Bad (1990),Drama\n'],
      ['ratings.csv', ratingsWith('1,1,4,1')],
    ],
    imported: { ratings: 1, skippedLines: [5] },
  },
];

function run(files: Case['files']): { report?: ImportReport; titles?: string[]; ratings?: number; problem?: ImportProblem } {
  const builder = new DatasetBuilder('hostile');
  try {
    for (const [name, content] of files) {
      const sink = builder.openFile(name);
      sink.push(typeof content === 'string' ? encoder.encode(content) : content);
      sink.end();
    }
    const { dataset, report } = builder.finish();
    return { report, titles: dataset.movieInfo.map((m) => m.title), ratings: dataset.ratings.rating.length };
  } catch (error) {
    if (error instanceof ImportError) return { problem: error.problem };
    throw error;
  }
}

describe('hostile and broken files', () => {
  it('has at least 30 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CORPUS)('$name', ({ files, refused, imported }) => {
    const started = performance.now();
    const outcome = run(files);
    expect(performance.now() - started).toBeLessThan(1000);
    if (refused) {
      expect(outcome.problem, 'the import should be refused').toBeDefined();
      const { messageIncludes, ...fields } = refused;
      expect(outcome.problem).toMatchObject(fields);
      if (messageIncludes) expect(outcome.problem?.message).toContain(messageIncludes);
      expect(outcome.problem?.expected.length).toBeGreaterThan(10); // says what was expected
    } else {
      expect(outcome.problem, JSON.stringify(outcome.problem)).toBeUndefined();
      expect(outcome.ratings).toBe(imported?.ratings);
      const skipped = outcome.report?.problems.map((p) => p.line) ?? [];
      expect(skipped).toEqual(imported?.skippedLines ?? []);
      // Nothing dropped without a count.
      expect(outcome.report?.totalSkipped).toBe(skipped.length);
      for (const title of imported?.titles ?? []) expect(outcome.titles).toContain(title);
    }
  });
});
