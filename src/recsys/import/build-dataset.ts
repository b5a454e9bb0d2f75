import { IdMap, type Dataset, type MovieInfo } from '../dataset';
import { fatal, ProblemLog, type ImportProblem } from './import-problem';
import { classifyFile, EXPECTED_FILES, type FileRole } from './layouts';
import { parseMoviesCsv } from './movielens-csv';
import { decodeMoviesText, parseMoviesDat, parseUItem } from './movies-parsers';
import {
  compact,
  concatAll,
  DenseLookup,
  dropRepeatedPairs,
  joinRatings,
  mapIds,
  planIdMapping,
  ratingStats,
  type PartIds,
  type RowOrder,
} from './dataset-assembly';
import {
  joinBlocks,
  joinGaps,
  lineIndex,
  RatingsParser,
  type RatingsLayout,
  type RatingsPart,
  type RawRatingColumns,
} from './ratings-parser';
import { joinRanges, type RangeResult } from './ratings-ranges';

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
  /** How many workers parsed the ratings: 1 when they streamed through the app's worker, more
   * when parse workers read byte ranges in parallel (absent in reports stored before). */
  readonly parseWorkers?: number;
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
  readonly layout: RatingsLayout;
  /** While streaming: the parser. */
  readonly parser?: RatingsParser;
  /** Once read: what the parser (or each parse worker) filled, in file order. */
  parts?: RatingsPart[];
  /** Rows read (set once read; the parser's count while streaming). */
  rows: number;
  /** Who joins the columns, when they are joined elsewhere (by parse workers). */
  joiner?: ColumnJoiner;
  /** Each part's raw ids and row order, when read in ranges. */
  ids?: readonly PartIds[];
}

/** A ratings file's rating and timestamp columns, joined, with the smallest rating and whether
 * any is not a whole star, over all rows. */
export interface JoinedRatingColumns {
  readonly rating: Float32Array;
  readonly timestamp: Uint32Array;
  readonly minRating: number;
  readonly hasHalfStars: boolean;
}

/** A ratings file's four columns, joined, the ids mapped to dense indices. */
export interface MappedRatingColumns extends JoinedRatingColumns {
  readonly user: Int32Array;
  readonly movie: Int32Array;
}

/**
 * Joins the columns of a ratings file's parts elsewhere (in parse workers), each column in a
 * thread of its own; the parts' blocks move there. One of the two is called, once.
 */
export interface ColumnJoiner {
  /** All four columns, the raw ids mapped through the tables (raw id → dense index). */
  joinMapped(userTable: Int32Array, movieTable: Int32Array): Promise<MappedRatingColumns>;
  /** The rating and timestamp columns (the ids are mapped by the builder meanwhile). */
  joinRatingColumns(): Promise<JoinedRatingColumns>;
}

/** A ratings file being read elsewhere: registered in its place among the files, completed
 * once its ranges are read. */
export interface RatingsReadElsewhere {
  /** The ranges' results in file order; `joiner`: who joins their columns (none: finish()
   * joins them here). */
  complete(results: readonly RangeResult[], joiner?: ColumnJoiner): void;
}

/** The movies file's catalog, parsed (possibly before finish, with its own problem log), or
 * the error that refused it, to be thrown where finish would have parsed it. */
type Catalog = { readonly movies: Map<number, MovieInfo>; readonly log: ProblemLog } | { readonly refused: unknown };

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
  private moviesFile: { name: string; format: 'csv' | 'dat' | 'u.item'; chunks: Uint8Array[]; ended: boolean } | undefined;
  private readonly ignoredFiles: string[] = [];
  private readonly seenFiles: string[] = [];
  private parseWorkers: number | undefined;
  private catalog: Catalog | undefined;
  private users = new IdMap();
  private movies = new IdMap();
  private readonly movieInfo: MovieInfo[] = [];

  constructor(
    private readonly name: string,
    /** Two ratings files make a given split (train, then test) instead of an error. */
    private readonly givenSplit = false,
  ) {}

  /** Rows of ratings read so far, over all files. */
  get rowsRead(): number {
    return this.ratingsFiles.reduce((n, f) => n + (f.parser?.rowsRead ?? f.rows), 0);
  }

  /**
   * The layout of a file that would be read as ratings, from its first bytes (`head`: up to the
   * first line's end at least), as openFile would decide; undefined when it is anything else or
   * would be refused, so the caller streams it through openFile, which says why.
   */
  ratingsLayoutOf(fileName: string, head: Uint8Array): RatingsLayout | undefined {
    const role = classifyFile(fileName, firstLineOf(head));
    if (role.kind !== 'ratings' || this.ratingsFiles.length >= (this.givenSplit ? 2 : 1)) return undefined;
    const { layout } = role;
    return layout.userField < 0 || layout.movieField < 0 || layout.ratingField < 0 ? undefined : layout;
  }

  /**
   * A file that logs no problem while it streams (a movies file, an ignored one), from its first
   * bytes: it can stream while a ratings file is read elsewhere without changing the order of
   * the problems.
   */
  logsNothingWhileStreaming(fileName: string, head: Uint8Array): boolean {
    if (/\.zip$/i.test(fileName)) return false;
    const { kind } = classifyFile(fileName, firstLineOf(head));
    return kind === 'movies' || kind === 'ignored';
  }

  /**
   * Registers a ratings file read elsewhere in ranges (parse workers, see ratings-ranges.ts),
   * with the layout ratingsLayoutOf gave, in its place among the files; its parts come with
   * complete(), before any later file that logs problems is read.
   */
  readRatingsElsewhere(fileName: string, layout: RatingsLayout): RatingsReadElsewhere {
    this.seenFiles.push(fileName);
    const file = this.addRatingsFile(fileName, layout);
    return {
      complete: (results, joiner) => {
        const { parts, lines } = joinRanges(results, fileName, this.log);
        this.parseWorkers = results.length;
        file.joiner = joiner;
        file.ids = results.map((r) => r.ids);
        this.ratingsRead(file, parts, lines);
      },
    };
  }

  /** readRatingsElsewhere and complete in one (the ranges read, the columns not joined yet). */
  addRatingsRanges(fileName: string, layout: RatingsLayout, results: readonly RangeResult[]): void {
    this.readRatingsElsewhere(fileName, layout).complete(results);
  }

  /**
   * Parses the movies file now, if it has been read, instead of in finish (e.g. while parse
   * workers read the ratings); its problems still come in the report where finish would put them.
   */
  parseMoviesNow(): void {
    if (this.moviesFile?.ended) this.parseMovies();
  }

  private parseMovies(): void {
    if (!this.moviesFile || this.catalog) return;
    const log = new ProblemLog();
    const text = decodeMoviesText(concatAll(this.moviesFile.chunks));
    const { name, format } = this.moviesFile;
    this.moviesFile.chunks = [];
    try {
      const movies =
        format === 'csv'
          ? parseMoviesCsv(text, name, log)
          : format === 'dat'
            ? parseMoviesDat(text, name, log)
            : parseUItem(text, name, log);
      this.catalog = { movies, log };
    } catch (error) {
      this.catalog = { refused: error };
    }
  }

  /** Opens a file; `inArchive`: unknown files are skipped, not refused. */
  openFile(fileName: string, inArchive = false): FileSink {
    this.seenFiles.push(fileName);
    let head: Uint8Array[] = [];
    let headBytes = 0;
    let target: FileSink | undefined;
    const decideAndFlush = () => {
      const all = withoutByteOrderMark(concatAll(head));
      target = this.targetFor(fileName, classifyFile(fileName, firstLineOf(all)), all.length === 0, inArchive);
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
        const movies = { name: fileName, format: role.format, chunks: [] as Uint8Array[], ended: false };
        this.moviesFile = movies;
        return {
          push: (chunk) => void movies.chunks.push(chunk),
          end: () => {
            movies.ended = true;
          },
        };
      }
      case 'ratings': {
        const parser = new RatingsParser(fileName, role.layout, this.log);
        const file = this.addRatingsFile(fileName, role.layout, parser);
        return {
          push: (chunk) => parser.push(chunk),
          end: () => this.ratingsRead(file, [parser.endPart()], parser.linesRead),
        };
      }
    }
  }

  /** Registers a ratings file (refusing one too many, or one without the columns it needs). */
  private addRatingsFile(fileName: string, layout: RatingsLayout, parser?: RatingsParser): RatingsFile {
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
    if (layout.userField < 0 || layout.movieField < 0 || layout.ratingField < 0) {
      throw fatal(fileName, 1, `the header is "${layout.description}"`, 'the ratings header "userId,movieId,rating,timestamp"');
    }
    const file: RatingsFile = { name: fileName, layout, parser, rows: 0 };
    this.ratingsFiles.push(file);
    return file;
  }

  /** A ratings file read to its end: kept as parts, refused when it holds no rating. */
  private ratingsRead(file: RatingsFile, parts: RatingsPart[], lines: number): void {
    file.parts = parts;
    file.rows = parts.reduce((n, p) => n + p.rows, 0);
    const { layout } = file;
    if (lines <= layout.headerLines) {
      throw fatal(file.name, layout.headerLines + 1, 'the file has a header but no ratings', 'one rating per line after the header');
    }
    if (file.rows === 0) {
      throw fatal(file.name, undefined, 'no line could be read as a rating (see the skipped lines)', `lines like ${layout.description}`);
    }
  }

  /** The dataset and report, once every file has been read. */
  finish(): ImportResult {
    if (this.ratingsFiles.some((f) => f.joiner)) throw new Error('ratings columns are joined elsewhere: call finishJoining()');
    this.prepareIndexing();
    return this.complete(this.ratingsFiles.map((file) => this.indexHere(file)));
  }

  /**
   * finish() for ratings files whose columns are joined elsewhere (ColumnJoiner): the ids get
   * their dense indices here from each part's first-seen ids (planIdMapping) and the joiner
   * maps and joins the four columns in threads of their own; where that cannot be planned, the
   * joiner joins ratings and timestamps while this thread maps the ids row by row.
   */
  async finishJoining(): Promise<ImportResult> {
    this.prepareIndexing();
    const indexed: IndexedFile[] = [];
    for (const file of this.ratingsFiles) indexed.push(file.joiner ? await this.indexElsewhere(file, file.joiner) : this.indexHere(file));
    return this.complete(indexed);
  }

  /** The checks before indexing, and the movie catalog. */
  private prepareIndexing(): void {
    const [firstRatings, secondRatings] = this.ratingsFiles;
    if (!firstRatings) {
      const given = this.seenFiles.join(', ') || '(no file)';
      throw fatal(given, undefined, 'none of these files holds ratings', EXPECTED_FILES);
    }
    if (this.givenSplit && (!secondRatings || this.ratingsFiles.length !== 2)) {
      throw fatal(firstRatings.name, undefined, 'a given split needs a ratings file for training and one for testing', 'two ratings files');
    }
    this.parseMovies();
    if (this.catalog && 'refused' in this.catalog) throw this.catalog.refused;
    if (this.catalog) {
      this.log.absorb(this.catalog.log);
      for (const [movieId, info] of this.catalog.movies) {
        this.movies.intern(movieId);
        this.movieInfo.push(info);
      }
    }
  }

  /** A file's parts joined into dense-index columns here, one column at a time, each row copied
   * once and the parts released as they go (the raw columns are never joined on their own). */
  private indexHere(file: RatingsFile): IndexedFile {
    const { parts, lineOf, mapped } = this.mapIdsHere(file);
    const ratings = joinRatings(parts, mapped.movie);
    const timestamp = joinBlocks(
      parts.map((p) => ({ rows: p.rows, blocks: p.timestamp })),
      (n) => new Uint32Array(n),
    );
    return {
      name: file.name,
      columns: { userId: mapped.user, movieId: mapped.movie, rating: ratings.rating, timestamp, lineOf },
      order: mapped.order,
      stats: { minRating: ratings.minRating, hasHalfStars: ratings.hasHalfStars },
    };
  }

  /** mapIds over a file's parts: the rows of movies the catalog lacks dropped, each logged. */
  private mapIdsHere(file: RatingsFile) {
    const parts = file.parts ?? [];
    file.parts = undefined;
    const lineOf = lineIndex(file.layout.headerLines, joinGaps(parts));
    const catalogName = this.catalog ? this.moviesFile?.name : undefined;
    const movieLookup = new DenseLookup(this.movies);
    const unknownMovie = (rawMovie: number, row: number): number => {
      if (catalogName !== undefined) {
        this.log.skip(file.name, lineOf(row), `movieId ${rawMovie} is not in ${catalogName}`, 'a movie listed in the movies file');
        return -1;
      }
      this.movieInfo.push({ title: `Movie ${rawMovie}`, genres: [] });
      return movieLookup.add(rawMovie);
    };
    const mapped = mapIds(parts, new DenseLookup(this.users), movieLookup, unknownMovie);
    return { parts, lineOf, mapped };
  }

  private async indexElsewhere(file: RatingsFile, joiner: ColumnJoiner): Promise<IndexedFile> {
    const parts = file.parts ?? [];
    const rows = parts.reduce((n, p) => n + p.rows, 0);
    const onNewMovie = (raw: number) => this.movieInfo.push({ title: `Movie ${raw}`, genres: [] });
    const plan = planIdMapping(file.ids ?? [], this.users, this.movies, this.catalog !== undefined, onNewMovie);
    const checked = <T extends JoinedRatingColumns>(joined: T): T => {
      if (joined.rating.length !== rows || joined.timestamp.length !== rows) {
        throw new Error(`the joined columns of ${file.name} have ${joined.rating.length} rows, not ${rows}`);
      }
      return joined;
    };
    if (plan) {
      const lineOf = lineIndex(file.layout.headerLines, joinGaps(parts));
      file.parts = undefined;
      const joined = checked(await joiner.joinMapped(plan.userTable, plan.movieTable));
      return {
        name: file.name,
        columns: { userId: joined.user, movieId: joined.movie, rating: joined.rating, timestamp: joined.timestamp, lineOf },
        order: plan.order,
        stats: joined,
      };
    }
    // Ratings and timestamps are joined elsewhere while the ids are mapped here.
    const joining = joiner.joinRatingColumns();
    joining.catch(() => undefined); // awaited below, after the mapping
    const { lineOf, mapped } = this.mapIdsHere(file);
    const joined = checked(await joining);
    // The stats count kept rows only: with rows dropped, they are taken again without them.
    const stats = mapped.order.dropped > 0 ? ratingStats(joined.rating, mapped.movie) : joined;
    return {
      name: file.name,
      columns: { userId: mapped.user, movieId: mapped.movie, rating: joined.rating, timestamp: joined.timestamp, lineOf },
      order: mapped.order,
      stats,
    };
  }

  /** Repeated pairs dropped, the columns compacted, the dataset and its report. */
  private complete(files: readonly IndexedFile[]): ImportResult {
    const log = this.log;
    const users = this.users;
    const movies = this.movies;
    const [firstRatings, secondRatings] = this.ratingsFiles;
    const first = files[0]!;
    let minRating = Infinity;
    let hasHalfStars = false;
    let dropped = 0;
    const keptPerFile: number[] = [];
    for (const file of files) {
      minRating = Math.min(minRating, file.stats.minRating);
      hasHalfStars ||= file.stats.hasHalfStars;
      dropped += file.order.dropped;
      keptPerFile.push(file.columns.movieId.length - file.order.dropped);
    }
    // A given split is the other tool's: keep it as it is. Otherwise a repeated (user, movie)
    // pair keeps its latest rating.
    const duplicatesDropped = this.givenSplit
      ? 0
      : dropRepeatedPairs(firstRatings!.name, first.columns, users.size, movies.size, log, first.order);
    const columns = compact(
      files.map((f) => f.columns),
      dropped + duplicatesDropped,
    );
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
      movieInfo: this.movieInfo,
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
        parseWorkers: this.parseWorkers ?? 1,
      },
    };
  }
}

/** A ratings file's columns over dense indices, with what compacting and the scale need. */
interface IndexedFile {
  readonly name: string;
  readonly columns: RawRatingColumns;
  readonly order: RowOrder;
  readonly stats: { readonly minRating: number; readonly hasHalfStars: boolean };
}

function withoutByteOrderMark(bytes: Uint8Array): Uint8Array {
  // A UTF-8 byte-order mark is not part of the first line (Excel writes one).
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** The first line of a file's first bytes, for classifyFile (at most 4 KiB of a line without an end). */
function firstLineOf(head: Uint8Array): string {
  const bytes = withoutByteOrderMark(head);
  const newline = bytes.indexOf(10);
  return new TextDecoder('windows-1252').decode(bytes.subarray(0, newline === -1 ? Math.min(bytes.length, 4096) : newline));
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
