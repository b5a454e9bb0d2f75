import { describe, expect, it } from 'vitest';
import { catchImportProblem as fatalOf } from './catch-import-problem';
import { ProblemLog } from './import-problem';
import { detectCsvKind, parseMoviesCsv } from './movielens-csv';

describe('detectCsvKind', () => {
  it('recognises MovieLens files by header, whatever their names', () => {
    expect(detectCsvKind('userId,movieId,rating,timestamp\n1,2,3,4')).toBe('ratings');
    expect(detectCsvKind('\uFEFFmovieId,title,genres\r\n1,A,B')).toBe('movies');
    expect(detectCsvKind('movieId,imdbId,tmdbId\n')).toBe('links');
    expect(detectCsvKind('userId,movieId,tag,timestamp\n')).toBe('tags');
    expect(detectCsvKind('a,b,c\n1,2,3')).toBe('unknown');
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
