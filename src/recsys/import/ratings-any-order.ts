import type { ProblemLog } from './import-problem';
import { MAX_ID } from './byte-fields';
import { MAX_TIMESTAMP, RATING_RANGE, type RatingsLayout } from './ratings-layout';
import { BLOCK_ROWS } from './ratings-columns';
import { RatingsSlowPath } from './ratings-slow-path';

// ASCII codes, as constants of this module: imported ones are read through the module
// object in some builds (tsx, vitest), which made this loop 3x slower when measured.
const CARRIAGE_RETURN = 13;
const DOT = 46;
const NEWLINE = 10;
const ZERO = 48;

/**
 * The ratings parser's fast path for any column order (readLines): one pass over the bytes, digits
 * accumulated straight into each field's value, separators and line ends matched inline, a good
 * line written to the columns without a function call or an object. Anything it does not expect
 * goes, that line alone, to the slow path it extends (ratings-slow-path.ts). A layer of the
 * parser's class rather than a function so that every column and count stays a property of
 * `this` inside one loop; RatingsInOrderPath adds the same loop written out for the MovieLens
 * order, RatingsParser feeds them chunks.
 */
export abstract class RatingsAnyOrderPath extends RatingsSlowPath {
  /** The fast path's value of each field of the line being read. */
  private readonly fieldValues: Float64Array;

  constructor(fileName: string, layout: RatingsLayout, log: ProblemLog) {
    super(fileName, layout, log);
    this.fieldValues = new Float64Array(layout.fieldCount);
  }

  /**
   * The fast path over the complete lines of `bytes` from `from`; returns where the unfinished
   * last line starts (bytes.length when there is none). Every `break fast` hands the line that
   * starts at lineStart to the slow path.
   */
  protected readLines(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    const { fieldCount, userField, movieField, ratingField, timestampField, headerLines } = this.layout;
    const lastField = fieldCount - 1;
    const separator = this.separator[0]!;
    const separator2 = this.separator.length === 2 ? this.separator[1]! : -1;
    const values = this.fieldValues;
    let users = this.userId.current;
    let movies = this.movieId.current;
    let ratings = this.rating.current;
    let timestamps = this.timestamp.current;
    let inBlock = this.inBlock;
    let count = this.count;
    let line = this.line;
    let i = from;
    lines: while (i < n) {
      const lineStart = i;
      fast: {
        if (line < headerLines) break fast;
        let rating = 0;
        let c = 0;
        for (let field = 0; ; field++) {
          const fieldStart = i;
          let value = 0;
          for (; i < n; i++) {
            c = bytes[i]!;
            const digit = c - ZERO;
            if (digit >>> 0 > 9) break;
            value = value * 10 + digit;
          }
          if (i === n) {
            i = lineStart;
            break lines; // unfinished: the next chunk brings the rest
          }
          const wholeDigits = i - fieldStart;
          if (field === ratingField) {
            if (c === DOT) {
              const fractionStart = ++i;
              let fraction = 0;
              let scale = 1;
              for (; i < n; i++) {
                c = bytes[i]!;
                const digit = c - ZERO;
                if (digit >>> 0 > 9) break;
                fraction = fraction * 10 + digit;
                scale *= 10;
              }
              if (i === n) {
                i = lineStart;
                break lines;
              }
              // The slow path's limits: digits on both sides here, at most 12 characters.
              if (wholeDigits === 0 || i === fractionStart || i - fieldStart > 12) break fast;
              // The same arithmetic as parseDecimal, so both paths give the same float.
              rating = value + fraction / scale;
            } else {
              if (wholeDigits === 0 || wholeDigits > 12) break fast;
              rating = value;
            }
          } else if (wholeDigits === 0 || wholeDigits > 10) {
            break fast;
          }
          values[field] = value;
          if (field === lastField) break;
          if (c !== separator) break fast;
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
        }
        // After the last field: the line's end.
        if (c === CARRIAGE_RETURN) {
          if (i + 1 === n) {
            i = lineStart;
            break lines;
          }
          if (bytes[i + 1] !== NEWLINE) break fast;
          i += 2;
        } else if (c === NEWLINE) {
          i++;
        } else {
          break fast;
        }
        const user = values[userField]!;
        const movie = values[movieField]!;
        const time = timestampField >= 0 ? values[timestampField]! : 0;
        if (!(user >= 1 && user <= MAX_ID && movie >= 1 && movie <= MAX_ID && time <= MAX_TIMESTAMP)) break fast;
        if (!(rating >= RATING_RANGE.min && rating <= RATING_RANGE.max)) break fast;
        if (inBlock === BLOCK_ROWS) {
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
        count++;
        line++;
        continue;
      }
      // The slow path, for the one line at lineStart.
      const newline = bytes.indexOf(NEWLINE, lineStart);
      if (newline === -1) {
        i = lineStart;
        break;
      }
      this.inBlock = inBlock;
      this.count = count;
      this.line = line;
      this.readLine(bytes, lineStart, newline);
      inBlock = this.inBlock;
      count = this.count;
      line = this.line;
      users = this.userId.current;
      movies = this.movieId.current;
      ratings = this.rating.current;
      timestamps = this.timestamp.current;
      i = newline + 1;
    }
    this.inBlock = inBlock;
    this.count = count;
    this.line = line;
    return i;
  }
}
