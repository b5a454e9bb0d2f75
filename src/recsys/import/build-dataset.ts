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

interface ClassifiedFiles {
  readonly ratingsFile: NamedText;
  readonly moviesFile: NamedText | undefined;
  readonly ignoredFiles: readonly string[];
}

/** Sorts files by their header into the one ratings file, the optional movies file and the
 * files that are known but unused; refuses anything else. */
function classifyFiles(files: readonly NamedText[]): ClassifiedFiles {
  if (files.length === 0) {
    throw fatal('(no file)', undefined, 'no file was given', 'ratings.csv and movies.csv');
  }
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
  return { ratingsFile, moviesFile, ignoredFiles };
}

/**
 * Turns dropped MovieLens files into a Dataset: recognises each file by its header, parses it,
 * maps raw ids to dense indices and drops (with a count and a line number) ratings it cannot use.
 * Everything downstream can trust the result.
 */
export function buildDataset(files: readonly NamedText[], name: string): ImportResult {
  const { ratingsFile, moviesFile, ignoredFiles } = classifyFiles(files);
  return assemble([ratingsFile], moviesFile, ignoredFiles, name).result;
}

/**
 * A split made elsewhere: the ratings of `trainFiles` to train on and those of `testFiles` held
 * out, over one shared id map (a movies file may be on either side). The dataset's rows are the
 * training ratings first; `givenSplit.trainRows` says where the test ratings begin.
 */
export function buildGivenSplit(trainFiles: readonly NamedText[], testFiles: readonly NamedText[], name: string): ImportResult {
  const train = classifyFiles(trainFiles);
  const test = classifyFiles(testFiles);
  if (train.moviesFile && test.moviesFile) {
    throw fatal(test.moviesFile.name, undefined, `a second movies file (after ${train.moviesFile.name})`, 'one movies file');
  }
  const { result, keptPerFile } = assemble(
    [train.ratingsFile, test.ratingsFile],
    train.moviesFile ?? test.moviesFile,
    [...train.ignoredFiles, ...test.ignoredFiles],
    name,
  );
  if (keptPerFile[1] === 0) {
    throw fatal(test.ratingsFile.name, undefined, 'no usable test rating', 'ratings to hold out for the test RMSE');
  }
  return { ...result, dataset: { ...result.dataset, givenSplit: { trainRows: keptPerFile[0] } } };
}

function assemble(
  ratingsFiles: readonly NamedText[],
  moviesFile: NamedText | undefined,
  ignoredFiles: readonly string[],
  name: string,
): { result: ImportResult; keptPerFile: number[] } {
  const log = new ProblemLog();
  const movieCatalog = moviesFile ? parseMoviesCsv(moviesFile.text, moviesFile.name, log) : undefined;
  const raws = ratingsFiles.map((file) => parseRatingsCsv(file.text, file.name, log));

  const movies = new IdMap();
  const movieInfo: MovieInfo[] = [];
  if (movieCatalog) {
    for (const [movieId, info] of movieCatalog) {
      movies.intern(movieId);
      movieInfo.push(info);
    }
  }
  const users = new IdMap();
  const n = raws.reduce((total, raw) => total + raw.rating.length, 0);
  const user = new Int32Array(n);
  const movie = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  const keptPerFile: number[] = [];
  let kept = 0;
  let minRating = Infinity;
  let hasHalfStars = false;
  raws.forEach((raw, fileIndex) => {
    const keptBefore = kept;
    for (let r = 0; r < raw.rating.length; r++) {
      const movieId = raw.movieId[r];
      let movieIndex = movies.indexOf(movieId);
      if (movieIndex === undefined) {
        if (movieCatalog && moviesFile) {
          log.skip(ratingsFiles[fileIndex].name, raw.line[r], `movieId ${movieId} is not in ${moviesFile.name}`, 'a movie listed in the movies file');
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
    keptPerFile.push(kept - keptBefore);
  });
  if (kept === 0) {
    throw fatal(ratingsFiles.map((f) => f.name).join(', '), undefined, 'none of the ratings is for a movie in the movies file', 'ratings whose movieId appears in the movies file');
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
    result: {
      dataset,
      report: {
        skippedByFile: Object.fromEntries(log.skippedByFile),
        totalSkipped: log.totalSkipped,
        problems: log.problems,
        ignoredFiles,
      },
    },
    keptPerFile,
  };
}
