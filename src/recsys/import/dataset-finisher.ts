import { IdMap, type Dataset, type MovieInfo } from '../dataset';
import type { ColumnJoiner, JoinedRatingColumns } from './column-joiner';
import { compact, joinRatings, mapIds, ratingStats, type RowOrder } from './dataset-assembly';
import { DenseLookup } from './dense-lookup';
import { planIdMapping, type PartIds } from './id-mapping-plan';
import { fatal, type ProblemLog } from './import-problem';
import type { ImportResult } from './import-report';
import type { Catalog } from './movies-catalog';
import { joinBlocks, joinGaps, lineIndex, type RatingsPart, type RawRatingColumns } from './ratings-columns';
import type { RatingsLayout } from './ratings-layout';
import { dropRepeatedPairs } from './repeated-pairs';

/**
 * The dataset builder's last step, once every file has been read: the ratings files' raw ids
 * become dense indices (the movie catalog's first, in its order), here or with the columns joined
 * elsewhere; ratings of movies the catalog lacks and repeated (user, movie) pairs are dropped,
 * each counted with its line; the columns are compacted and the Dataset and its report made.
 */

/** A ratings file read to its end, as the finisher takes it. */
export interface ReadRatingsFile {
  readonly name: string;
  readonly layout: RatingsLayout;
  /** Once read: what the parser (or each parse worker) filled, in file order. */
  parts?: RatingsPart[];
  /** Each part's raw ids and row order, when read in ranges. */
  ids?: readonly PartIds[];
}

/** The movie catalog, parsed (a refused one was thrown before). */
type ParsedCatalog = Exclude<Catalog, { readonly refused: unknown }>;

export class DatasetFinisher {
  private users = new IdMap();
  private movies = new IdMap();
  private readonly movieInfo: MovieInfo[] = [];

  constructor(
    private readonly name: string,
    private readonly givenSplit: boolean,
    private readonly log: ProblemLog,
    private readonly ratingsFiles: readonly ReadRatingsFile[],
    private readonly catalog: ParsedCatalog | undefined,
    /** The movies file's name (when there was one). */
    private readonly moviesFileName: string | undefined,
    private readonly ignoredFiles: readonly string[],
    private readonly parseWorkers: number | undefined,
  ) {
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
  indexHere(file: ReadRatingsFile): IndexedFile {
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
  private mapIdsHere(file: ReadRatingsFile) {
    const parts = file.parts ?? [];
    file.parts = undefined;
    const lineOf = lineIndex(file.layout.headerLines, joinGaps(parts));
    const catalogName = this.catalog ? this.moviesFileName : undefined;
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

  async indexElsewhere(file: ReadRatingsFile, joiner: ColumnJoiner): Promise<IndexedFile> {
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
  complete(files: readonly IndexedFile[]): ImportResult {
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
export interface IndexedFile {
  readonly name: string;
  readonly columns: RawRatingColumns;
  readonly order: RowOrder;
  readonly stats: { readonly minRating: number; readonly hasHalfStars: boolean };
}
