import { IdMap, type Dataset, type MovieInfo } from '../dataset';
import { fatal, ProblemLog, type ImportProblem } from './import-problem';
import {
  describeHeader,
  detectCsvKind,
  MOVIES_HEADER,
  parseMoviesCsv,
  parseRatingsCsv,
  RATINGS_HEADER,
} from './movielens-csv';

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

export interface ImportReport {
  /** Rows skipped per file, every one counted. */
  readonly skippedByFile: Readonly<Record<string, number>>;
  readonly totalSkipped: number;
  /** Details of the first skipped rows (capped), each with file, line and expectation. */
  readonly problems: readonly ImportProblem[];
  /** Files that were recognised but not used (links.csv, tags.csv). */
  readonly ignoredFiles: readonly string[];
}

export interface ImportResult {
  readonly dataset: Dataset;
  readonly report: ImportReport;
}

/**
 * Turns dropped MovieLens files into a Dataset: recognises each file by its header, parses it,
 * maps raw ids to dense indices and drops (with a count and a line number) ratings it cannot use.
 * Everything downstream can trust the result.
 */
export function buildDataset(files: readonly NamedText[], name: string): ImportResult {
  if (files.length === 0) {
    throw fatal('(no file)', undefined, 'no file was given', 'ratings.csv and movies.csv');
  }
  const log = new ProblemLog();
  let ratingsFile: NamedText | undefined;
  let moviesFile: NamedText | undefined;
  const ignoredFiles: string[] = [];

  for (const file of files) {
    const kind = detectCsvKind(file.text);
    if (kind === 'ratings') {
      if (ratingsFile) {
        throw fatal(file.name, undefined, `a second ratings file (after ${ratingsFile.name})`, 'one ratings file');
      }
      ratingsFile = file;
    } else if (kind === 'movies') {
      if (moviesFile) {
        throw fatal(file.name, undefined, `a second movies file (after ${moviesFile.name})`, 'one movies file');
      }
      moviesFile = file;
    } else if (kind === 'links' || kind === 'tags') {
      ignoredFiles.push(file.name);
    } else if (file.text.trim().length === 0) {
      throw fatal(file.name, undefined, 'the file is empty', `a MovieLens ratings file ("${RATINGS_HEADER}") or movies file ("${MOVIES_HEADER}")`);
    } else {
      throw fatal(
        file.name,
        1,
        `the header is "${describeHeader(file.text)}", which is not a MovieLens file`,
        `a ratings header "${RATINGS_HEADER}" or a movies header "${MOVIES_HEADER}"`,
      );
    }
  }
  if (!ratingsFile) {
    const given = files.map((f) => f.name).join(', ');
    throw fatal(given, undefined, 'none of these files holds ratings', `a ratings file with the header "${RATINGS_HEADER}"`);
  }

  const movieCatalog = moviesFile ? parseMoviesCsv(moviesFile.text, moviesFile.name, log) : undefined;
  const raw = parseRatingsCsv(ratingsFile.text, ratingsFile.name, log);

  const movies = new IdMap();
  const movieInfo: MovieInfo[] = [];
  if (movieCatalog) {
    for (const [movieId, info] of movieCatalog) {
      movies.intern(movieId);
      movieInfo.push(info);
    }
  }
  const users = new IdMap();
  const n = raw.rating.length;
  const user = new Int32Array(n);
  const movie = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  let kept = 0;
  let minRating = Infinity;
  let hasHalfStars = false;
  for (let r = 0; r < n; r++) {
    const movieId = raw.movieId[r];
    let movieIndex = movies.indexOf(movieId);
    if (movieIndex === undefined) {
      if (movieCatalog && moviesFile) {
        log.skip(ratingsFile.name, raw.line[r], `movieId ${movieId} is not in ${moviesFile.name}`, 'a movie listed in the movies file');
        continue;
      }
      movieIndex = movies.intern(movieId);
      movieInfo.push({ title: `Movie ${movieId}`, genres: [] });
    }
    user[kept] = users.intern(raw.userId[r]);
    movie[kept] = movieIndex;
    rating[kept] = raw.rating[r];
    timestamp[kept] = raw.timestamp[r];
    minRating = Math.min(minRating, raw.rating[r]);
    hasHalfStars ||= !Number.isInteger(raw.rating[r]);
    kept++;
  }
  if (kept === 0) {
    throw fatal(ratingsFile.name, undefined, 'none of the ratings is for a movie in the movies file', 'ratings whose movieId appears in the movies file');
  }

  const dataset: Dataset = {
    name,
    ratings: { user: user.slice(0, kept), movie: movie.slice(0, kept), rating: rating.slice(0, kept) },
    timestamp: timestamp.slice(0, kept),
    users,
    movies,
    movieInfo,
    // MovieLens scales are 0.5-5 in half stars (ml-latest, ml-20m+) or 1-5 in whole stars
    // (ml-100k, ml-1m): whole-star files with no rating below 1 use the 1-5 scale.
    ratingScale: { min: hasHalfStars || minRating < 1 ? 0.5 : 1, max: 5 },
  };
  return {
    dataset,
    report: {
      skippedByFile: Object.fromEntries(log.skippedByFile),
      totalSkipped: log.totalSkipped,
      problems: log.problems,
      ignoredFiles,
    },
  };
}
