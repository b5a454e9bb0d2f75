import { describe, expect, it } from 'vitest';
import { buildDataset, type NamedText } from './build-dataset';
import { catchImportProblem } from './catch-import-problem';

const MOVIES = 'movieId,title,genres\n10,Alpha (1990),Drama\n20,"Beta, The (1991)",Comedy|Romance\n30,Gamma (1992),(no genres listed)\n';
const RATINGS = 'userId,movieId,rating,timestamp\n5,20,4,1\n9,10,3.5,2\n5,10,1,3\n9,999,4,4\n';

function problemOf(files: NamedText[]) {
  return catchImportProblem(() => buildDataset(files, 'test'));
}

describe('buildDataset', () => {
  it('maps raw ids to dense indices and back, in one place', () => {
    const { dataset, report } = buildDataset(
      [
        { name: 'ratings.csv', text: RATINGS },
        { name: 'movies.csv', text: MOVIES },
      ],
      'test',
    );
    // Movies are indexed in catalogue order, users in order of first rating.
    expect(Array.from(dataset.movies.rawIds())).toEqual([10, 20, 30]);
    expect(Array.from(dataset.users.rawIds())).toEqual([5, 9]);
    expect(Array.from(dataset.ratings.user)).toEqual([0, 1, 0]);
    expect(Array.from(dataset.ratings.movie)).toEqual([1, 0, 0]);
    expect(Array.from(dataset.ratings.rating)).toEqual([4, 3.5, 1]);
    expect(dataset.users.indexOf(9)).toBe(1);
    expect(dataset.movies.rawId(1)).toBe(20);
    expect(dataset.movieInfo[1]).toEqual({ title: 'Beta, The (1991)', genres: ['Comedy', 'Romance'] });
    expect(dataset.ratingScale).toEqual({ min: 0.5, max: 5 });
    // The rating for a movie not in movies.csv is counted and explained, not dropped silently.
    expect(report.totalSkipped).toBe(1);
    expect(report.skippedByFile).toEqual({ 'ratings.csv': 1 });
    expect(report.problems[0]).toMatchObject({ file: 'ratings.csv', line: 5 });
    expect(report.problems[0].message).toContain('movieId 999 is not in movies.csv');
  });

  it('recognises files by content, so swapped names still load', () => {
    const { dataset } = buildDataset(
      [
        { name: 'movies.csv', text: RATINGS },
        { name: 'ratings.csv', text: MOVIES },
      ],
      'swapped',
    );
    expect(dataset.ratings.rating.length).toBe(3);
    expect(dataset.movieInfo.map((m) => m.title)).toContain('Alpha (1990)');
  });

  it('loads ratings alone, naming movies by id, and ignores links.csv and tags.csv', () => {
    const { dataset, report } = buildDataset(
      [
        { name: 'ratings.csv', text: 'userId,movieId,rating,timestamp\n1,123,4,1\n2,7,2,1\n' },
        { name: 'links.csv', text: 'movieId,imdbId,tmdbId\n1,114709,862\n' },
        { name: 'tags.csv', text: 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n' },
      ],
      'ratings only',
    );
    expect(dataset.movieInfo.map((m) => m.title)).toEqual(['Movie 123', 'Movie 7']);
    expect(report.ignoredFiles).toEqual(['links.csv', 'tags.csv']);
    expect(dataset.ratingScale).toEqual({ min: 1, max: 5 });
  });

  it('refuses what it cannot use, saying which file and what was expected', () => {
    expect(problemOf([{ name: 'movies.csv', text: MOVIES }])).toMatchObject({ message: 'none of these files holds ratings' });
    expect(
      problemOf([
        { name: 'a.csv', text: RATINGS },
        { name: 'b.csv', text: RATINGS },
      ]),
    ).toMatchObject({ file: 'b.csv', message: 'a second ratings file (after a.csv)' });
    const unknown = problemOf([{ name: 'notes.csv', text: 'name,age\nbob,3\n' }]);
    expect(unknown).toMatchObject({ file: 'notes.csv', line: 1 });
    expect(unknown.expected).toContain('userId,movieId,rating,timestamp');
    expect(problemOf([{ name: 'empty.csv', text: '' }])).toMatchObject({ file: 'empty.csv', message: 'the file is empty' });
    expect(
      problemOf([
        { name: 'ratings.csv', text: 'userId,movieId,rating,timestamp\n1,999,4,1\n' },
        { name: 'movies.csv', text: MOVIES },
      ]).message,
    ).toContain('none of the ratings is for a movie in the movies file');
  });
});
