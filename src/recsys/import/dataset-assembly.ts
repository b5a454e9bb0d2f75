import { IdMap } from '../dataset';
import type { ProblemLog } from './import-problem';
import type { RatingsPart, RawRatingColumns } from './ratings-parser';

/** Raw ids below this map through a flat array (4 bytes per id up to 64 MB); larger ids use the
 * IdMap's Map. */
const FLAT_LOOKUP_LIMIT = 1 << 24;

/** Raw id → dense index: a flat typed array for MovieLens-sized ids (fast at 25M rows), a Map
 * beyond. New ids are added to `ids` in first-seen order. */
export class DenseLookup {
  private flat = new Int32Array(0);

  /** The flat part: index of raw id x at [x], −1 where unknown; ids beyond its length may still
   * be known (find()). Replaced when it grows, so hot loops re-read it after add(). */
  get flatTable(): Int32Array {
    return this.flat;
  }

  constructor(private readonly ids: IdMap) {
    for (const raw of ids.rawIds()) this.setFlat(raw, ids.indexOf(raw) as number);
  }

  find(raw: number): number {
    if (raw < this.flat.length) {
      const index = this.flat[raw]!;
      if (index >= 0) return index;
      if (raw < FLAT_LOOKUP_LIMIT) return -1;
    }
    return this.ids.indexOf(raw) ?? -1;
  }

  add(raw: number): number {
    const index = this.ids.intern(raw);
    this.setFlat(raw, index);
    return index;
  }

  findOrAdd(raw: number): number {
    const index = this.find(raw);
    return index >= 0 ? index : this.add(raw);
  }

  private setFlat(raw: number, index: number): void {
    if (raw >= FLAT_LOOKUP_LIMIT) return;
    if (raw >= this.flat.length) {
      const grown = new Int32Array(Math.min(FLAT_LOOKUP_LIMIT, Math.max(1024, raw * 2))).fill(-1);
      grown.set(this.flat);
      this.flat = grown;
    }
    this.flat[raw] = index;
  }
}

/** What the id pass saw of the row order of one file, for dropRepeatedPairs' shortcuts. */
export interface RowOrder {
  /** Each user's kept rows are consecutive (MovieLens files are sorted by user). */
  readonly groupedByUser: boolean;
  /** Grouped, and within each user the raw movie ids strictly ascend: no pair can repeat. */
  readonly moviesAscendWithinUser: boolean;
  /** Rows dropped (movie −1) so far. */
  readonly dropped: number;
}

/** The raw ids of one part in order of first appearance, and how its rows are ordered: what
 * planIdMapping needs from each part to map all of them at once. */
export interface PartIds {
  /** Distinct raw user ids, in order of first appearance. */
  readonly users: Int32Array;
  /** Distinct raw movie ids, in order of first appearance. */
  readonly movies: Int32Array;
  /** Each user's rows are consecutive within the part. */
  readonly grouped: boolean;
  /** Within each run of one user's rows, the raw movie ids strictly ascend. */
  readonly ascending: boolean;
  /** Users and movies of the part's first and last row (0 when it has none). */
  readonly firstUser: number;
  readonly lastUser: number;
  readonly firstMovie: number;
  readonly lastMovie: number;
}

/** Distinct ids in order of first appearance: a flat table for MovieLens-sized ids, a Set beyond. */
class FirstSeen {
  private flat = new Uint8Array(0);
  private readonly beyond = new Set<number>();
  readonly order: number[] = [];

  /** True when `raw` is new. */
  add(raw: number): boolean {
    if (raw < FLAT_LOOKUP_LIMIT) {
      if (raw >= this.flat.length) {
        const grown = new Uint8Array(Math.min(FLAT_LOOKUP_LIMIT, Math.max(1024, raw * 2)));
        grown.set(this.flat);
        this.flat = grown;
      }
      if (this.flat[raw] === 1) return false;
      this.flat[raw] = 1;
    } else {
      if (this.beyond.has(raw)) return false;
      this.beyond.add(raw);
    }
    this.order.push(raw);
    return true;
  }
}

/** One pass over a part's raw user and movie columns (see PartIds). */
export function partIds(part: Pick<RatingsPart, 'rows' | 'userId' | 'movieId'>): PartIds {
  const users = new FirstSeen();
  const movies = new FirstSeen();
  let grouped = true;
  let ascending = true;
  let user = 0;
  let movie = 0;
  let firstUser = 0;
  let firstMovie = 0;
  let left = part.rows;
  for (let b = 0; left > 0; b++) {
    const rawUsers = part.userId[b]!;
    const rawMovies = part.movieId[b]!;
    const n = Math.min(rawUsers.length, left);
    for (let k = 0; k < n; k++) {
      const nextUser = rawUsers[k]!;
      const nextMovie = rawMovies[k]!;
      if (nextUser !== user) {
        if (!users.add(nextUser)) grouped = false; // a user seen before comes back after another one
      } else if (nextMovie <= movie) {
        ascending = false;
      }
      if (movie !== nextMovie) movies.add(nextMovie);
      user = nextUser;
      movie = nextMovie;
      if (firstUser === 0) {
        firstUser = user;
        firstMovie = movie;
      }
    }
    left -= n;
  }
  return {
    users: Int32Array.from(users.order),
    movies: Int32Array.from(movies.order),
    grouped,
    ascending,
    firstUser,
    lastUser: user,
    firstMovie,
    lastMovie: movie,
  };
}

/** Raw id → dense index for every id of the parts, as flat tables, with the row order of the
 * parts joined. */
export interface IdMappingPlan {
  readonly userTable: Int32Array;
  readonly movieTable: Int32Array;
  readonly order: RowOrder;
}

/**
 * The ids of a file's parts (in file order) given dense indices all at once, as mapIds would
 * give them row by row: users (and, without a catalog, movies) in order of first appearance
 * over the parts, `onNewMovie` told of each new movie; then the flat tables through which
 * workers can map the columns apart. Undefined, with nothing added, when that cannot be done:
 * an id too large for a flat table, or a movie missing from the catalog (mapIds then drops
 * those rows one by one, each with its line).
 */
export function planIdMapping(
  parts: readonly PartIds[],
  users: IdMap,
  movies: IdMap,
  catalogGiven: boolean,
  onNewMovie: (rawMovie: number) => void,
): IdMappingPlan | undefined {
  let maxUser = 0;
  let maxMovie = 0;
  for (const part of parts) {
    for (const raw of part.users) maxUser = Math.max(maxUser, raw);
    for (const raw of part.movies) {
      maxMovie = Math.max(maxMovie, raw);
      if (catalogGiven && movies.indexOf(raw) === undefined) return undefined;
    }
  }
  if (maxUser >= FLAT_LOOKUP_LIMIT || maxMovie >= FLAT_LOOKUP_LIMIT) return undefined;
  let grouped = true;
  let ascending = true;
  let previous: PartIds | undefined;
  for (const part of parts) {
    if (part.users.length === 0) continue;
    grouped &&= part.grouped;
    ascending &&= part.ascending;
    part.users.forEach((raw, k) => {
      if (users.indexOf(raw) === undefined) users.intern(raw);
      // Known already: only the user whose rows run on from the part before may be.
      else if (!(k === 0 && raw === previous?.lastUser)) grouped = false;
    });
    if (previous && part.firstUser === previous.lastUser && !(part.firstMovie > previous.lastMovie)) ascending = false;
    for (const raw of part.movies) {
      if (movies.indexOf(raw) !== undefined) continue;
      movies.intern(raw);
      onNewMovie(raw);
    }
    previous = part;
  }
  const table = (ids: IdMap, max: number) => {
    const out = new Int32Array(max + 1).fill(-1);
    const raws = ids.rawIds();
    for (let index = 0; index < raws.length; index++) if (raws[index]! <= max) out[raws[index]!] = index;
    return out;
  };
  return {
    userTable: table(users, maxUser),
    movieTable: table(movies, maxMovie),
    order: { groupedByUser: grouped, moviesAscendWithinUser: grouped && ascending, dropped: 0 },
  };
}

/** One id column of a file's parts joined through `table` (raw id → dense index): each row
 * copied once, the blocks released. */
export function mapColumn(parts: readonly { readonly rows: number; readonly blocks: Int32Array[] }[], table: Int32Array): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.rows, 0));
  let r = 0;
  for (const part of parts) {
    let left = part.rows;
    for (const block of part.blocks) {
      const n = Math.min(block.length, left);
      for (let k = 0; k < n; k++) out[r++] = table[block[k]!]!;
      left -= n;
      if (left <= 0) break;
    }
    part.blocks.length = 0;
  }
  return out;
}

/**
 * The raw user and movie columns of a file's parts, joined into dense-index columns in one pass
 * that copies each row once: raw ids map through the lookups (new users are added in
 * first-seen order), a movie the lookup lacks goes to `unknownMovie`, which answers its new
 * index or −1 to drop the row (movie −1, user 0). The parts' user and movie blocks are released
 * as they are read. The pass also notes the row order (see RowOrder).
 */
export function mapIds(
  parts: readonly RatingsPart[],
  users: DenseLookup,
  movies: DenseLookup,
  unknownMovie: (rawMovie: number, row: number) => number,
): { user: Int32Array; movie: Int32Array; order: RowOrder } {
  const total = parts.reduce((n, p) => n + p.rows, 0);
  const user = new Int32Array(total);
  const movie = new Int32Array(total);
  let r = 0;
  let previousUser = -1;
  let previousRawMovie = 0;
  let grouped = true;
  let ascending = true;
  let dropped = 0;
  // The lookups' flat tables, read inline: a function call per id would double the pass.
  let userTable = users.flatTable;
  let movieTable = movies.flatTable;
  for (const part of parts) {
    let left = part.rows;
    for (let b = 0; left > 0; b++) {
      const rawUsers = part.userId[b]!;
      const rawMovies = part.movieId[b]!;
      const n = Math.min(rawUsers.length, left);
      for (let k = 0; k < n; k++, r++) {
        const rawMovie = rawMovies[k]!;
        let m = rawMovie < movieTable.length ? movieTable[rawMovie]! : -1;
        if (m < 0) {
          m = movies.find(rawMovie);
          if (m < 0) {
            m = unknownMovie(rawMovie, r);
            movieTable = movies.flatTable;
            if (m < 0) {
              movie[r] = -1;
              dropped++;
              continue;
            }
          }
        }
        const rawUser = rawUsers[k]!;
        let u = rawUser < userTable.length ? userTable[rawUser]! : -1;
        if (u < 0) u = users.find(rawUser);
        if (u < 0) {
          u = users.add(rawUser);
          userTable = users.flatTable;
        } else if (u !== previousUser) {
          grouped = false; // a user seen before comes back after another one
        } else if (rawMovie <= previousRawMovie) {
          ascending = false;
        }
        previousUser = u;
        previousRawMovie = rawMovie;
        user[r] = u;
        movie[r] = m;
      }
      left -= n;
    }
    part.userId.length = 0;
    part.movieId.length = 0;
  }
  return { user, movie, order: { groupedByUser: grouped, moviesAscendWithinUser: grouped && ascending, dropped } };
}

/**
 * The rating column of a file's parts, joined (each row copied once, the blocks released), with
 * the smallest rating and whether any is not a whole star, among rows whose movie is kept
 * (every row without `movie`).
 */
export function joinRatings(
  parts: readonly Pick<RatingsPart, 'rows' | 'rating'>[],
  movie?: Int32Array,
): { rating: Float32Array; minRating: number; hasHalfStars: boolean } {
  const rating = new Float32Array(parts.reduce((n, p) => n + p.rows, 0));
  const keep = movie ?? new Int32Array(0);
  const everyRow = movie === undefined;
  let minRating = Infinity;
  let hasHalfStars = false;
  let r = 0;
  for (const part of parts) {
    let left = part.rows;
    for (let b = 0; left > 0; b++) {
      const block = part.rating[b]!;
      const n = Math.min(block.length, left);
      for (let k = 0; k < n; k++, r++) {
        const value = block[k]!;
        rating[r] = value;
        if (!everyRow && keep[r]! < 0) continue;
        if (value < minRating) minRating = value;
        if (value !== Math.floor(value)) hasHalfStars = true;
      }
      left -= n;
    }
    part.rating.length = 0;
  }
  return { rating, minRating, hasHalfStars };
}

/** The smallest rating and whether any is not a whole star, among rows whose movie is kept. */
export function ratingStats(rating: Float32Array, movie: Int32Array): { minRating: number; hasHalfStars: boolean } {
  let minRating = Infinity;
  let hasHalfStars = false;
  for (let r = 0; r < rating.length; r++) {
    if (movie[r]! < 0) continue;
    const value = rating[r]!;
    if (value < minRating) minRating = value;
    if (value !== Math.floor(value)) hasHalfStars = true;
  }
  return { minRating, hasHalfStars };
}

/**
 * MovieLens has one rating per user and movie; a file with the same pair twice keeps the latest
 * by timestamp (the later line on a tie). Dropped rows get movie −1. O(n) time, O(users +
 * movies) extra memory besides one row order, which rows already grouped by user do not need;
 * rows whose movies ascend within each user cannot repeat a pair and are not looked at.
 */
export function dropRepeatedPairs(
  fileName: string,
  columns: RawRatingColumns,
  userCount: number,
  movieCount: number,
  log: ProblemLog,
  rowOrder?: RowOrder,
): number {
  if (rowOrder?.moviesAscendWithinUser) return 0;
  const { userId: user, movieId: movie, timestamp } = columns;
  const n = user.length;
  const stampOfMovie = new Int32Array(movieCount).fill(-1);
  const rowOfMovie = new Int32Array(movieCount);
  let dropped = 0;
  // Row r against the earlier row of the same user and movie, if any.
  const visit = (u: number, r: number) => {
    const m = movie[r]!;
    if (stampOfMovie[m] !== u) {
      stampOfMovie[m] = u;
      rowOfMovie[m] = r;
      return;
    }
    const earlier = rowOfMovie[m]!;
    const keepNew = timestamp[r]! >= timestamp[earlier]!;
    const drop = keepNew ? earlier : r;
    const keep = keepNew ? r : earlier;
    log.skip(
      fileName,
      columns.lineOf(drop),
      `a repeated rating of the same movie by the same user (kept line ${columns.lineOf(keep)}, the later one)`,
      'one rating per user and movie',
    );
    movie[drop] = -1;
    rowOfMovie[m] = keep;
    dropped++;
  };
  if (rowOrder?.groupedByUser) {
    for (let r = 0; r < n; r++) if (movie[r]! >= 0) visit(user[r]!, r);
    return dropped;
  }
  const offsets = new Int32Array(userCount + 1);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) offsets[user[r]! + 1]!++;
  for (let u = 0; u < userCount; u++) offsets[u + 1]! += offsets[u]!;
  const order = new Int32Array(offsets[userCount]!);
  const cursor = offsets.slice(0, userCount);
  for (let r = 0; r < n; r++) if (movie[r]! >= 0) order[cursor[user[r]!]!++] = r;
  for (let u = 0; u < userCount; u++) {
    for (let o = offsets[u]!; o < offsets[u + 1]!; o++) visit(u, order[o]!);
  }
  return dropped;
}

/** Rows whose movie is ≥ 0, moved to the front in order; one file's columns are compacted in
 * place (no copy of 25M rows), several are concatenated. `dropped`: how many rows have movie −1,
 * when the caller knows (0 with one file: nothing to move, no pass). */
export function compact(files: readonly RawRatingColumns[], dropped?: number) {
  const total = files.reduce((n, f) => n + f.rating.length, 0);
  const [only] = files;
  const inPlace = files.length === 1 && only !== undefined;
  if (inPlace && dropped === 0) {
    return { user: only.userId, movie: only.movieId, rating: only.rating, timestamp: only.timestamp };
  }
  const user = inPlace ? only.userId : new Int32Array(total);
  const movie = inPlace ? only.movieId : new Int32Array(total);
  const rating = inPlace ? only.rating : new Float32Array(total);
  const timestamp = inPlace ? only.timestamp : new Uint32Array(total);
  let kept = 0;
  for (const f of files) {
    for (let r = 0; r < f.rating.length; r++) {
      if (f.movieId[r]! < 0) continue;
      user[kept] = f.userId[r]!;
      movie[kept] = f.movieId[r]!;
      rating[kept] = f.rating[r]!;
      timestamp[kept] = f.timestamp[r]!;
      kept++;
    }
  }
  return {
    user: user.subarray(0, kept),
    movie: movie.subarray(0, kept),
    rating: rating.subarray(0, kept),
    timestamp: timestamp.subarray(0, kept),
  };
}

export function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
