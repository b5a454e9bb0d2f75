import type { DenseLookup } from './dense-lookup';
import type { RatingsPart, RawRatingColumns } from './ratings-columns';

/**
 * A ratings file's parts joined into the dataset's columns: the raw id columns mapped to dense
 * indices in one pass that notes the row order (mapIds; mapColumn through a planned table), the
 * rating column joined with its scale's figures, and the kept rows compacted. Each row is copied
 * once and the parts' blocks are released as they are read.
 */

/** What the id pass saw of the row order of one file, for dropRepeatedPairs' shortcuts. */
export interface RowOrder {
  /** Each user's kept rows are consecutive (MovieLens files are sorted by user). */
  readonly groupedByUser: boolean;
  /** Grouped, and within each user the raw movie ids strictly ascend: no pair can repeat. */
  readonly moviesAscendWithinUser: boolean;
  /** Rows dropped (movie −1) so far. */
  readonly dropped: number;
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
