import { describe, expect, it } from 'vitest';
import { catchImportProblem as fatalOf } from './catch-import-problem';
import { ProblemLog } from './import-problem';
import { detectCsvKind, parseMoviesCsv, parseRatingsCsv } from './movielens-csv';

describe('detectCsvKind', () => {
  it('recognises MovieLens files by header, whatever their names', () => {
    expect(detectCsvKind('userId,movieId,rating,timestamp\n1,2,3,4')).toBe('ratings');
    expect(detectCsvKind('\uFEFFmovieId,title,genres\r\n1,A,B')).toBe('movies');
    expect(detectCsvKind('movieId,imdbId,tmdbId\n')).toBe('links');
    expect(detectCsvKind('userId,movieId,tag,timestamp\n')).toBe('tags');
    expect(detectCsvKind('a,b,c\n1,2,3')).toBe('unknown');
  });
});

describe('parseRatingsCsv', () => {
  it('reads rows into columns of raw ids with their line numbers', () => {
    const log = new ProblemLog();
    const raw = parseRatingsCsv('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n7,31,5,1\n', 'ratings.csv', log);
    expect(Array.from(raw.userId)).toEqual([1, 1, 7]);
    expect(Array.from(raw.movieId)).toEqual([31, 1029, 31]);
    expect(Array.from(raw.rating)).toEqual([2.5, 3, 5]);
    expect(Array.from(raw.timestamp)).toEqual([1260759144, 1260759179, 1]);
    expect(Array.from(raw.line)).toEqual([2, 3, 4]);
    expect(log.totalSkipped).toBe(0);
  });

  it('takes CRLF line ends, a BOM, columns in another order and no timestamp', () => {
    const log = new ProblemLog();
    const raw = parseRatingsCsv('\uFEFFrating,movieId,userId\r\n4.5,10,3\r\n1,11,3\r\n', 'r.csv', log);
    expect(Array.from(raw.userId)).toEqual([3, 3]);
    expect(Array.from(raw.movieId)).toEqual([10, 11]);
    expect(Array.from(raw.rating)).toEqual([4.5, 1]);
    expect(log.totalSkipped).toBe(0);
  });

  it('skips bad rows, counting each and saying which line and what was expected', () => {
    const log = new ProblemLog();
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
    ].join('\n');
    const raw = parseRatingsCsv(text, 'ratings.csv', log);
    expect(Array.from(raw.userId)).toEqual([1, 2]);
    expect(Array.from(raw.line)).toEqual([2, 11]);
    expect(log.totalSkipped).toBe(9);
    expect(log.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 12, 13]);
    const outOfRange = log.problems.find((p) => p.line === 6);
    expect(outOfRange?.message).toContain('"7"');
    expect(outOfRange?.expected).toBe('a number from 0.5 to 5');
    expect(log.problems.find((p) => p.line === 8)?.expected).toContain('4 fields');
    expect(log.problems.every((p) => p.file === 'ratings.csv' && p.severity === 'skipped')).toBe(true);
  });

  it('refuses an empty file, a header-only file and a file of nothing but bad rows', () => {
    expect(fatalOf(() => parseRatingsCsv('', 'ratings.csv', new ProblemLog()))).toMatchObject({ file: 'ratings.csv', message: 'the file is empty' });
    expect(fatalOf(() => parseRatingsCsv('userId,movieId,rating,timestamp\n', 'ratings.csv', new ProblemLog()))).toMatchObject({
      line: 2,
      message: 'the file has a header but no ratings',
    });
    const log = new ProblemLog();
    expect(fatalOf(() => parseRatingsCsv('userId,movieId,rating,timestamp\na,b,c,d\n', 'ratings.csv', log)).message).toContain('no line could be read');
    expect(log.totalSkipped).toBe(1);
  });

  it('refuses a header without the rating columns, naming line 1 and the expected header', () => {
    const problem = fatalOf(() => parseRatingsCsv('user,item,score\n1,2,3\n', 'ratings.csv', new ProblemLog()));
    expect(problem.line).toBe(1);
    expect(problem.expected).toContain('userId,movieId,rating,timestamp');
  });

  it('keeps every count but only the first details when a file is systematically broken', () => {
    const log = new ProblemLog(5);
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},1,9,1`);
    expect(() => parseRatingsCsv(['userId,movieId,rating,timestamp', ...rows, '1,1,3,1'].join('\n'), 'r.csv', log)).not.toThrow();
    expect(log.totalSkipped).toBe(40);
    expect(log.problems).toHaveLength(5);
  });
});

describe('parseMoviesCsv', () => {
  it('reads quoted titles with commas and newlines, genres and exact line numbers', () => {
    const log = new ProblemLog();
    const text = [
      'movieId,title,genres',
      '1,Toy Story (1995),Adventure|Animation|Children',
      '11,"American President, The (1995)",Comedy|Drama|Romance',
      '12,"Two-line',
      'title (2001)",Drama',
      'oops,Bad id (1990),Drama', // line 6
      '13,No genres (2019),(no genres listed)',
      '1,Duplicate (1999),Drama', // line 8
    ].join('\n');
    const movies = parseMoviesCsv(text, 'movies.csv', log);
    expect(movies.get(1)).toEqual({ title: 'Toy Story (1995)', genres: ['Adventure', 'Animation', 'Children'] });
    expect(movies.get(11)?.title).toBe('American President, The (1995)');
    expect(movies.get(12)?.title).toBe('Two-line\ntitle (2001)');
    expect(movies.get(13)?.genres).toEqual([]);
    expect(movies.size).toBe(4);
    expect(log.problems.map((p) => p.line)).toEqual([6, 8]);
    expect(log.problems[1].message).toContain('second time');
  });

  it('keeps HTML in titles as plain text', () => {
    const movies = parseMoviesCsv('movieId,title,genres\n5,<img src=x onerror=alert(1)> (2000),Drama\n', 'movies.csv', new ProblemLog());
    expect(movies.get(5)?.title).toBe('<img src=x onerror=alert(1)> (2000)');
  });

  it('refuses an empty or header-only movies file', () => {
    expect(fatalOf(() => parseMoviesCsv('  \n', 'movies.csv', new ProblemLog())).message).toBe('the file is empty');
    expect(fatalOf(() => parseMoviesCsv('movieId,title,genres\n', 'movies.csv', new ProblemLog())).message).toContain('no movies');
  });
});
