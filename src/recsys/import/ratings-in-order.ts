import { MAX_ID } from './byte-fields';
import { MAX_TIMESTAMP, RATING_RANGE } from './ratings-layout';
import { RatingsAnyOrderPath } from './ratings-any-order';
import { BLOCK_ROWS } from './ratings-columns';

// ASCII codes, as constants of this module: imported ones are read through the module
// object in some builds (tsx, vitest), which made this loop 3x slower when measured.
const CARRIAGE_RETURN = 13;
const DOT = 46;
const NEWLINE = 10;
const ZERO = 48;

/**
 * The ratings parser's fast path written out for the layout of every MovieLens file (user, movie,
 * rating, timestamp, in that order): the checks of readLines (ratings-any-order.ts), each field's
 * loop unrolled, values in locals. RatingsParser takes it whenever the layout allows.
 */
export abstract class RatingsInOrderPath extends RatingsAnyOrderPath {
  /**
   * readLines for the layout of every MovieLens file (user, movie, rating, timestamp): the same
   * checks, each field's loop written out, values in locals.
   */
  protected readLinesInOrder(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    const headerLines = this.layout.headerLines;
    const separator = this.separator[0]! - ZERO;
    const separator2 = this.separator.length === 2 ? this.separator[1]! : -1;
    let users = this.userId.current;
    let movies = this.movieId.current;
    let ratings = this.rating.current;
    let timestamps = this.timestamp.current;
    let inBlock = this.inBlock;
    // Rows written by the fast path since the counts were last brought up to date.
    let rowsBefore = inBlock;
    let i = from;
    // The header: the slow path's (the fast one need not ask at every line).
    while (this.line < headerLines && i < n) {
      const newline = bytes.indexOf(NEWLINE, i);
      if (newline === -1) return i;
      this.readLine(bytes, i, newline);
      i = newline + 1;
    }
    lines: while (i < n) {
      const lineStart = i;
      fast: {
        // Each field: digits into a local (d: the byte after them, minus '0'), then its end.
        let d = 0;
        let start = i;
        let user = 0;
        for (; i < n; i++) {
          d = bytes[i]! - ZERO;
          if (d >>> 0 > 9) break;
          user = user * 10 + d;
        }
        if (i === n) {
          i = lineStart;
          break lines;
        }
        if (i === start || i - start > 10 || d !== separator) break fast;
        if (separator2 >= 0) {
          if (i + 1 === n) {
            i = lineStart;
            break lines;
          }
          if (bytes[i + 1] !== separator2) break fast;
          i += 2;
        } else {
          i++;
        }
        start = i;
        let movie = 0;
        for (; i < n; i++) {
          d = bytes[i]! - ZERO;
          if (d >>> 0 > 9) break;
          movie = movie * 10 + d;
        }
        if (i === n) {
          i = lineStart;
          break lines;
        }
        if (i === start || i - start > 10 || d !== separator) break fast;
        if (separator2 >= 0) {
          if (i + 1 === n) {
            i = lineStart;
            break lines;
          }
          if (bytes[i + 1] !== separator2) break fast;
          i += 2;
        } else {
          i++;
        }
        start = i;
        let rating = 0;
        for (; i < n; i++) {
          d = bytes[i]! - ZERO;
          if (d >>> 0 > 9) break;
          rating = rating * 10 + d;
        }
        if (i === n) {
          i = lineStart;
          break lines;
        }
        if (d === DOT - ZERO) {
          const wholeEnd = i++;
          let fraction = 0;
          let scale = 1;
          for (; i < n; i++) {
            d = bytes[i]! - ZERO;
            if (d >>> 0 > 9) break;
            fraction = fraction * 10 + d;
            scale *= 10;
          }
          if (i === n) {
            i = lineStart;
            break lines;
          }
          // The slow path's limits: digits on both sides here, at most 12 characters.
          if (wholeEnd === start || i === wholeEnd + 1 || i - start > 12) break fast;
          // The same arithmetic as parseDecimal, so both paths give the same float.
          rating += fraction / scale;
        } else if (i === start || i - start > 12) {
          break fast;
        }
        if (d !== separator) break fast;
        if (separator2 >= 0) {
          if (i + 1 === n) {
            i = lineStart;
            break lines;
          }
          if (bytes[i + 1] !== separator2) break fast;
          i += 2;
        } else {
          i++;
        }
        start = i;
        let time = 0;
        for (; i < n; i++) {
          d = bytes[i]! - ZERO;
          if (d >>> 0 > 9) break;
          time = time * 10 + d;
        }
        if (i === n) {
          i = lineStart;
          break lines;
        }
        if (i === start || i - start > 10) break fast;
        // The line's end: LF or CR LF.
        if (d === NEWLINE - ZERO) {
          i++;
        } else if (d === CARRIAGE_RETURN - ZERO) {
          if (i + 1 === n) {
            i = lineStart;
            break lines;
          }
          if (bytes[i + 1] !== NEWLINE) break fast;
          i += 2;
        } else {
          break fast;
        }
        if (!(user >= 1 && user <= MAX_ID && movie >= 1 && movie <= MAX_ID && time <= MAX_TIMESTAMP)) break fast;
        if (!(rating >= RATING_RANGE.min && rating <= RATING_RANGE.max)) break fast;
        if (inBlock === BLOCK_ROWS) {
          this.count += BLOCK_ROWS - rowsBefore;
          this.line += BLOCK_ROWS - rowsBefore;
          rowsBefore = 0;
          this.userId.nextBlock();
          this.movieId.nextBlock();
          this.rating.nextBlock();
          this.timestamp.nextBlock();
          users = this.userId.current;
          movies = this.movieId.current;
          ratings = this.rating.current;
          timestamps = this.timestamp.current;
          inBlock = 0;
        }
        users[inBlock] = user;
        movies[inBlock] = movie;
        ratings[inBlock] = rating;
        timestamps[inBlock] = time;
        inBlock++;
        continue;
      }
      // The slow path, for the one line at lineStart.
      const newline = bytes.indexOf(NEWLINE, lineStart);
      if (newline === -1) {
        i = lineStart;
        break;
      }
      this.count += inBlock - rowsBefore;
      this.line += inBlock - rowsBefore;
      this.inBlock = inBlock;
      this.readLine(bytes, lineStart, newline);
      inBlock = this.inBlock;
      rowsBefore = inBlock;
      users = this.userId.current;
      movies = this.movieId.current;
      ratings = this.rating.current;
      timestamps = this.timestamp.current;
      i = newline + 1;
    }
    this.count += inBlock - rowsBefore;
    this.line += inBlock - rowsBefore;
    this.inBlock = inBlock;
    return i;
  }
}
