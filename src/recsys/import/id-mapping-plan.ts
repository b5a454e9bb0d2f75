import type { IdMap } from '../dataset';
import { FLAT_LOOKUP_LIMIT } from './dense-lookup';
import type { RowOrder } from './dataset-assembly';
import type { RatingsPart } from './ratings-columns';

/**
 * Dense indices for a ratings file read in parallel ranges, planned all at once: each range's
 * raw ids in order of first appearance (partIds, in the parse worker), then one plan over all
 * ranges (planIdMapping) whose flat tables let the workers map the id columns apart, giving the
 * indices the row-by-row pass (mapIds) would give.
 */

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
