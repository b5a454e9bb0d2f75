import type { ColumnJoiner } from './column-joiner';
import { DatasetFinisher, type IndexedFile, type ReadRatingsFile } from './dataset-finisher';
import { concatAll, firstLineOf, withoutByteOrderMark } from './file-bytes';
import { fatal, ProblemLog } from './import-problem';
import type { ImportResult } from './import-report';
import { classifyFile, EXPECTED_FILES, type FileRole } from './layouts';
import { parseCatalog, type Catalog, type MoviesFormat } from './movies-catalog';
import { decodeMoviesText } from './movies-parsers';
import type { RatingsPart } from './ratings-columns';
import type { RatingsLayout } from './ratings-layout';
import { RatingsParser } from './ratings-parser';
import { joinRanges, type RangeResult } from './ratings-ranges';

/**
 * The import's entry point, which reads the files: it recognises each one, streams ratings into
 * the parser, keeps the movies file, registers ratings read by parse workers in their place, and
 * refuses what cannot make a dataset; dataset-finisher.ts indexes and assembles what was read.
 */

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** A file being read: bytes go in as they arrive, in any chunking. */
export interface FileSink {
  push(chunk: Uint8Array): void;
  end(): void;
}

interface RatingsFile extends ReadRatingsFile {
  /** While streaming: the parser. */
  readonly parser?: RatingsParser;
  /** Rows read (set once read; the parser's count while streaming). */
  rows: number;
  /** Who joins the columns, when they are joined elsewhere (by parse workers). */
  joiner?: ColumnJoiner;
}

/** A ratings file being read elsewhere: registered in its place among the files, completed
 * once its ranges are read. */
export interface RatingsReadElsewhere {
  /** The ranges' results in file order; `joiner`: who joins their columns (none: finish()
   * joins them here). */
  complete(results: readonly RangeResult[], joiner?: ColumnJoiner): void;
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
  private moviesFile: { name: string; format: MoviesFormat; chunks: Uint8Array[]; ended: boolean } | undefined;
  private readonly ignoredFiles: string[] = [];
  private readonly seenFiles: string[] = [];
  private parseWorkers: number | undefined;
  private catalog: Catalog | undefined;

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
    const text = decodeMoviesText(concatAll(this.moviesFile.chunks));
    const { name, format } = this.moviesFile;
    this.moviesFile.chunks = [];
    this.catalog = parseCatalog(text, name, format);
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
    const finisher = this.finisher();
    return finisher.complete(this.ratingsFiles.map((file) => finisher.indexHere(file)));
  }

  /**
   * finish() for ratings files whose columns are joined elsewhere (ColumnJoiner): the ids get
   * their dense indices here from each part's first-seen ids (planIdMapping) and the joiner
   * maps and joins the four columns in threads of their own; where that cannot be planned, the
   * joiner joins ratings and timestamps while this thread maps the ids row by row.
   */
  async finishJoining(): Promise<ImportResult> {
    const finisher = this.finisher();
    const indexed: IndexedFile[] = [];
    for (const file of this.ratingsFiles)
      indexed.push(file.joiner ? await finisher.indexElsewhere(file, file.joiner) : finisher.indexHere(file));
    return finisher.complete(indexed);
  }

  /** The checks before indexing, the movie catalog, and who indexes the files and completes the dataset. */
  private finisher(): DatasetFinisher {
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
    return new DatasetFinisher(
      this.name,
      this.givenSplit,
      this.log,
      this.ratingsFiles,
      this.catalog,
      this.moviesFile?.name,
      this.ignoredFiles,
      this.parseWorkers,
    );
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
