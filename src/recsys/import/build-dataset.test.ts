import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { buildDataset, DatasetBuilder, type NamedText } from './build-dataset';
import { bytesSource, ImportCancelled, readSources } from './read-sources';
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
    expect(report.ignoredFiles.map((f) => f.split(' ')[0])).toEqual(['links.csv', 'tags.csv']);
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

describe('every MovieLens layout', () => {
  it('reads ml-1m style ratings.dat + Latin-1 movies.dat', () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('2::Caf'),
      0xe9,
      ...new TextEncoder().encode(' Society (1995)::Comedy|Drama\n'),
    ]);
    const builder = new DatasetBuilder('ml-1m');
    const movies = builder.openFile('movies.dat');
    movies.push(new TextEncoder().encode("1::Toy Story (1995)::Animation|Children's|Comedy\n"));
    movies.push(latin1);
    movies.end();
    const ratings = builder.openFile('ratings.dat');
    ratings.push(new TextEncoder().encode('1::2::5::978300760\n1::1::3::978302109\n2::1::4::978301968\n'));
    ratings.end();
    const { dataset } = builder.finish();
    expect(dataset.movieInfo.map((m) => m.title)).toEqual(['Toy Story (1995)', 'Café Society (1995)']);
    expect(dataset.movieInfo[0].genres).toEqual(['Animation', "Children's", 'Comedy']);
    expect(dataset.ratings.rating.length).toBe(3);
    expect(dataset.ratingScale).toEqual({ min: 1, max: 5 });
  });

  it('reads ml-100k u.data + u.item with genre flags, ignoring the ready-made splits', () => {
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, g) => (on.includes(g) ? 1 : 0)).join('|');
    const { dataset, report } = buildDataset(
      [
        { name: 'u.data', text: '196\t242\t3\t881250949\n186\t302\t3\t891717742\n' },
        {
          name: 'u.item',
          text: `242|Kolya (1996)|24-Jan-1997||http://x|${flags([5])}\n302|L.A. Confidential (1997)|01-Jan-1997||http://y|${flags([6, 10, 13, 16])}\n`,
        },
        { name: 'ua.base', text: '196\t242\t3\t881250949\n' },
      ],
      'ml-100k',
    );
    expect(dataset.movieInfo).toEqual([
      { title: 'Kolya (1996)', genres: ['Comedy'] },
      { title: 'L.A. Confidential (1997)', genres: ['Crime', 'Film-Noir', 'Mystery', 'Thriller'] },
    ]);
    expect(dataset.ratings.rating.length).toBe(2);
    expect(report.ignoredFiles[0]).toMatch(/^ua\.base/);
  });

  it('keeps the latest rating of a repeated (user, movie) pair and says which lines', () => {
    const { dataset, report } = buildDataset(
      [
        { name: 'movies.csv', text: MOVIES },
        { name: 'ratings.csv', text: 'userId,movieId,rating,timestamp\n5,10,2,300\n5,20,4,1\n5,10,4.5,900\n9,10,1,5\n5,10,3,100\n' },
      ],
      'dups',
    );
    expect(report.duplicatesDropped).toBe(2);
    expect(report.totalSkipped).toBe(2);
    // Kept: line 3 (5,20), line 4 (5,10 at t=900, the latest), line 5 (9,10).
    expect(Array.from(dataset.ratings.rating)).toEqual([4, 4.5, 1]);
    expect(Array.from(dataset.timestamp)).toEqual([1, 900, 5]);
    expect(report.problems.map((p) => p.line).sort()).toEqual([2, 6]);
    expect(report.problems[0].message).toContain('kept line 4');
  });

  it('refuses a file of another kind and a header-only file, naming them', () => {
    expect(problemOf([{ name: 'users.dat', text: '1::F::1::10::48067\n' }]).message).toBe('none of these files holds ratings');
    expect(problemOf([{ name: 'ratings.csv', text: 'userId,movieId,rating,timestamp\n' }])).toMatchObject({
      file: 'ratings.csv',
      line: 2,
      message: 'the file has a header but no ratings',
    });
    expect(problemOf([{ name: 'ratings.csv', text: 'user,item,score\n1,2,3\n' }])).toMatchObject({ file: 'ratings.csv', line: 1 });
  });
});

describe('readSources', () => {
  it('imports a MovieLens .zip streamed in small chunks, skipping what it does not need', async () => {
    const zip = zipSync({
      'ml-latest-small/': new Uint8Array(0),
      'ml-latest-small/README.txt': strToU8('readme'),
      'ml-latest-small/links.csv': strToU8('movieId,imdbId,tmdbId\n10,1,2\n'),
      'ml-latest-small/movies.csv': strToU8(MOVIES),
      'ml-latest-small/ratings.csv': strToU8(RATINGS),
    });
    const builder = new DatasetBuilder('zip');
    const seen: number[] = [];
    await readSources(builder, [bytesSource('ml-latest-small.zip', zip, 64)], { onBytes: (n) => seen.push(n) });
    const { dataset, report } = builder.finish();
    expect(dataset.ratings.rating.length).toBe(3);
    expect(dataset.movieInfo.map((m) => m.title)).toContain('Beta, The (1991)');
    expect(report.ignoredFiles.map((f) => f.split(' ')[0]).sort()).toEqual(['README.txt', 'links.csv']);
    expect(seen[seen.length - 1]).toBe(zip.length);
  });

  it('stops when cancelled and refuses a broken archive', async () => {
    // Varied rows, so the deflated archive is long enough to cut in the middle of the entry.
    const rows = Array.from({ length: 5000 }, (_, i) => `${i + 1},${((i * 7919) % 1000) + 1},${(i % 10) / 2 + 0.5},${i * 13}`);
    const big = strToU8(['userId,movieId,rating,timestamp', ...rows].join('\n'));
    await expect(
      readSources(new DatasetBuilder('x'), [bytesSource('ratings.csv', big, 1000)], { isCancelled: () => true }),
    ).rejects.toBeInstanceOf(ImportCancelled);
    const whole = zipSync({ 'ratings.csv': big });
    const broken = whole.slice(0, whole.length / 2);
    await expect(readSources(new DatasetBuilder('x'), [bytesSource('broken.zip', broken)])).rejects.toMatchObject({
      problem: { file: 'broken.zip' },
    });
  });
});
