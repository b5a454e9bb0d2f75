import { IdMap, type Dataset, type MovieInfo } from '../dataset';
import { fatal, ProblemLog, type ImportProblem } from './import-problem';
import { classifyFile, EXPECTED_FILES, type FileRole } from './layouts';
import { parseMoviesCsv } from './movielens-csv';
import { decodeMoviesText, parseMoviesDat, parseUItem } from './movies-parsers';
import { compact, concatAll, DenseLookup, dropRepeatedPairs } from './dataset-assembly';
import { RatingsParser, type RawRatingColumns } from './ratings-parser';

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
  /** Files that were recognised but not used, with why (links.csv, tags.csv, …). */
  readonly ignoredFiles: readonly string[];
  /** Ratings dropped because the same user rated the same movie again later. */
  readonly duplicatesDropped: number;
}

export interface ImportResult {
  readonly dataset: Dataset;
  readonly report: ImportReport;
}

/** A file being read: bytes go in as they arrive, in any chunking. */
export interface FileSink {
  push(chunk: Uint8Array): void;
  end(): void;
}

interface RatingsFile {
  readonly name: string;
  readonly parser: RatingsParser;
  columns?: RawRatingColumns;
}

/**
 * Builds a Dataset from MovieLens files streamed in chunks: each file is recognised from its
 * name and first line, ratings go straight into typed columns, then raw ids map to dense
 * indices, ratings of unknown movies and repeated (user, movie) pairs are dropped (each one
 * counted, with its line), and the columns are compacted in place. Everything downstream can
 * trust the result.
 */
export class DatasetBuilder {
  private readonly log = new ProblemLog();
  private readonly ratingsFiles: RatingsFile[] = [];
  private moviesFile: { name: string; format: 'csv' | 'dat' | 'u.item'; chunks: Uint8Array[] } | undefined;
  private readonly ignoredFiles: string[] = [];
  private readonly seenFiles: string[] = [];

  constructor(
    private readonly name: string,
    /** Two ratings files make a given split (train, then test) instead of an error. */
    private readonly givenSplit = false,
  ) {}

  /** Rows of ratings read so far, over all files. */
  get rowsRead(): number {
    return this.ratingsFiles.reduce((n, f) => n + f.parser.rowsRead, 0);
  }

  /** Opens a file; `inArchive`: unknown files are skipped, not refused. */
  openFile(fileName: string, inArchive = false): FileSink {
    this.seenFiles.push(fileName);
    let head: Uint8Array[] = [];
    let headBytes = 0;
    let target: FileSink | undefined;
    const decideAndFlush = () => {
      let all = concatAll(head);
      // A UTF-8 byte-order mark is not part of the first line (Excel writes one).
      if (all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) all = all.subarray(3);
      const newline = all.indexOf(10);
      const firstLine = new TextDecoder('windows-1252').decode(all.subarray(0, newline === -1 ? Math.min(all.length, 4096) : newline));
      target = this.targetFor(fileName, classifyFile(fileName, firstLine), all.length === 0, inArchive);
      if (all.length > 0) target.push(all);
      head = [];
    };
    return {
      push: (chunk) => {
        if (target) return target.push(chunk);
        head.push(chunk);
        headBytes += chunk.length;
        // The first line decides what the file is; 64 KiB without a newline is not MovieLens.
        if (chunk.includes(10) || headBytes > 65536) decideAndFlush();
      },
      end: () => {
        if (!target) decideAndFlush();
        target?.end();
      },
    };
  }

  private targetFor(fileName: string, role: FileRole, empty: boolean, inArchive: boolean): FileSink {
    const ignore = (why: string): FileSink => {
      this.ignoredFiles.push(`${fileName} (${why})`);
      return { push: () => undefined, end: () => undefined };
    };
    if (empty) {
      if (inArchive) return ignore('empty');
      throw fatal(fileName, undefined, 'the file is empty', EXPECTED_FILES);
    }
    switch (role.kind) {
      case 'ignored':
        return ignore(role.why);
      case 'unknown':
        if (inArchive) return ignore('not a MovieLens file');
        throw fatal(fileName, 1, `the first line is "${role.firstLine.slice(0, 80)}", which is not a MovieLens file`, EXPECTED_FILES);
      case 'movies': {
        if (this.moviesFile) {
          throw fatal(fileName, undefined, `a second movies file (after ${this.moviesFile.name})`, 'one movies file');
        }
        const movies = { name: fileName, format: role.format, chunks: [] as Uint8Array[] };
        this.moviesFile = movies;
        return { push: (chunk) => void movies.chunks.push(chunk), end: () => undefined };
      }
      case 'ratings': {
        const limit = this.givenSplit ? 2 : 1;
        if (this.ratingsFiles.length >= limit) {
          const first = this.ratingsFiles[0]?.name ?? '';
          throw fatal(
            fileName,
            undefined,
            `a second ratings file (after ${first})`,
            this.givenSplit ? 'one ratings file per side' : 'one ratings file',
          );
        }
        if (role.layout.userField < 0 || role.layout.movieField < 0 || role.layout.ratingField < 0) {
          throw fatal(fileName, 1, `the header is "${role.layout.description}"`, 'the ratings header "userId,movieId,rating,timestamp"');
        }
        const file: RatingsFile = { name: fileName, parser: new RatingsParser(fileName, role.layout, this.log) };
        this.ratingsFiles.push(file);
        return {
          push: (chunk) => file.parser.push(chunk),
          end: () => {
            file.columns = file.parser.end();
            if (file.parser.linesRead <= role.layout.headerLines) {
              throw fatal(
                fileName,
                role.layout.headerLines + 1,
                'the file has a header but no ratings',
                'one rating per line after the header',
              );
            }
            if (file.columns.rating.length === 0) {
              throw fatal(
                fileName,
                undefined,
                'no line could be read as a rating (see the skipped lines)',
                `lines like ${role.layout.description}`,
              );
            }
          },
        };
      }
    }
  }

  finish(): ImportResult {
    const [firstRatings, secondRatings] = this.ratingsFiles;
    if (!firstRatings) {
      const given = this.seenFiles.join(', ') || '(no file)';
      throw fatal(given, undefined, 'none of these files holds ratings', EXPECTED_FILES);
    }
    if (this.givenSplit && (!secondRatings || this.ratingsFiles.length !== 2)) {
      throw fatal(firstRatings.name, undefined, 'a given split needs a ratings file for training and one for testing', 'two ratings files');
    }
    const log = this.log;
    const movies = new IdMap();
    const movieInfo: MovieInfo[] = [];
    let catalog: Map<number, MovieInfo> | undefined;
    if (this.moviesFile) {
      const text = decodeMoviesText(concatAll(this.moviesFile.chunks));
      const { name, format } = this.moviesFile;
      catalog =
        format === 'csv'
          ? parseMoviesCsv(text, name, log)
          : format === 'dat'
            ? parseMoviesDat(text, name, log)
            : parseUItem(text, name, log);
      for (const [movieId, info] of catalog) {
        movies.intern(movieId);
        movieInfo.push(info);
      }
    }

    const files = this.ratingsFiles.map((f) => ({ name: f.name, columns: f.columns as RawRatingColumns }));
    const users = new IdMap();
    const userLookup = new DenseLookup(users);
    const movieLookup = new DenseLookup(movies);
    const keptPerFile: number[] = [];
    let minRating = Infinity;
    let hasHalfStars = false;
    // Map raw ids to dense indices in place (the raw columns become the dataset's columns).
    for (const { name, columns } of files) {
      const { userId, movieId, rating } = columns;
      let kept = 0;
      for (let r = 0; r < rating.length; r++) {
        const rawMovie = movieId[r]!;
        let movie = movieLookup.find(rawMovie);
        if (movie < 0) {
          if (catalog && this.moviesFile) {
            log.skip(name, columns.lineOf(r), `movieId ${rawMovie} is not in ${this.moviesFile.name}`, 'a movie listed in the movies file');
            movieId[r] = -1;
            continue;
          }
          movie = movieLookup.add(rawMovie);
          movieInfo.push({ title: `Movie ${rawMovie}`, genres: [] });
        }
        userId[r] = userLookup.findOrAdd(userId[r]!);
        movieId[r] = movie;
        const value = rating[r]!;
        if (value < minRating) minRating = value;
        if (!hasHalfStars && !Number.isInteger(value)) hasHalfStars = true;
        kept++;
      }
      keptPerFile.push(kept);
    }
    // A given split is the other tool's: keep it as it is. Otherwise a repeated (user, movie)
    // pair keeps its latest rating.
    const duplicatesDropped = this.givenSplit ? 0 : dropRepeatedPairs(firstRatings.name, files[0]!.columns, users.size, movies.size, log);
    const columns = compact(files.map((f) => f.columns));
    if (columns.rating.length === 0) {
      throw fatal(
        files.map((f) => f.name).join(', '),
        undefined,
        'none of the ratings is for a movie in the movies file',
        'ratings whose movieId appears in the movies file',
      );
    }
    if (this.givenSplit && keptPerFile[1] === 0) {
      throw fatal(secondRatings?.name ?? '', undefined, 'no usable test rating', 'ratings to hold out for the test RMSE');
    }
    const dataset: Dataset = {
      name: this.name,
      ratings: { user: columns.user, movie: columns.movie, rating: columns.rating },
      timestamp: columns.timestamp,
      users,
      movies,
      movieInfo,
      // MovieLens scales are 0.5-5 in half stars (ml-latest, ml-20m+) or 1-5 in whole stars
      // (ml-100k, ml-1m): whole-star files with no rating below 1 use the 1-5 scale.
      ratingScale: { min: hasHalfStars || minRating < 1 ? 0.5 : 1, max: 5 },
      givenSplit: this.givenSplit ? { trainRows: keptPerFile[0] ?? 0 } : undefined,
    };
    return {
      dataset,
      report: {
        skippedByFile: Object.fromEntries(log.skippedByFile),
        totalSkipped: log.totalSkipped,
        problems: log.problems,
        ignoredFiles: this.ignoredFiles,
        duplicatesDropped,
      },
    };
  }
}

function feed(builder: DatasetBuilder, files: readonly NamedText[]): void {
  const encoder = new TextEncoder();
  for (const file of files) {
    const bytes = encoder.encode(file.text);
    const sink = builder.openFile(file.name);
    sink.push(bytes);
    sink.end();
  }
}

/** Builds a dataset from whole texts (tests, the demo data). */
export function buildDataset(files: readonly NamedText[], name: string): ImportResult {
  if (files.length === 0) throw fatal('(no file)', undefined, 'no file was given', EXPECTED_FILES);
  const builder = new DatasetBuilder(name);
  feed(builder, files);
  return builder.finish();
}
