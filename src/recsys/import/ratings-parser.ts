import { MAX_ID, parseDecimal, parseId, parseWhole, upperBound } from './byte-fields';
import type { ProblemLog } from './import-problem';

/**
 * Streaming reader for all-numeric MovieLens rating files, straight from bytes into typed
 * columns: no string per line, no object per rating, no whole file in memory.
 *
 *   ratings.csv  userId,movieId,rating,timestamp   (header; columns may come in any order)
 *   ratings.dat  UserID::MovieID::Rating::Timestamp (no header; ml-1m, ml-10m)
 *   u.data       user \t item \t rating \t timestamp (no header; ml-100k)
 *
 * Why not papaparse here: it builds a string array per row, and streamed a 25M-row ratings.csv
 * in ~25 s on this machine; this byte loop is what makes the 25M goal reachable (see docs/benchmarks.md,
 * "Import"). papaparse still reads movies.csv, whose titles need real CSV quoting.
 */
export interface RatingsLayout {
  /** Bytes between fields: "," for CSV, "::" for .dat, "\t" for u.data. */
  readonly separator: string;
  readonly fieldCount: number;
  readonly userField: number;
  readonly movieField: number;
  readonly ratingField: number;
  /** -1 when the file has no timestamps. */
  readonly timestampField: number;
  /** Lines before the first rating (1 for a CSV header). */
  readonly headerLines: number;
  /** How a line looks, for messages: e.g. "userId,movieId,rating,timestamp". */
  readonly description: string;
}

export const RATING_RANGE = { min: 0.5, max: 5 } as const;
// Re-exported: movie parsers and movielens-csv take the id limit from the ratings parser.
export { MAX_ID } from './byte-fields';
const MAX_TIMESTAMP = 2 ** 32 - 1;

/** Raw columns of the ratings kept, in file order. */
export interface RawRatingColumns {
  readonly userId: Int32Array;
  readonly movieId: Int32Array;
  readonly rating: Float32Array;
  readonly timestamp: Uint32Array;
  /** 1-based line of row r: firstDataLine + r + (number of gaps recorded at row ≤ r). */
  lineOf(row: number): number;
}

/**
 * What one parser read, as it filled it: each column as a list of blocks (all BLOCK_ROWS long
 * but the last, which holds the rest of `rows` and unused room). A part crosses from a parse
 * worker to the joiner by transferring its blocks; the joiner copies each row once (see
 * ratings-parts.ts). The block lists are emptied by whoever consumes them, so the memory can go.
 */
export interface RatingsPart {
  readonly rows: number;
  /** Lines read, header lines included, blank and skipped lines included. */
  readonly lines: number;
  /** Row counts at which a non-rating line (blank or skipped) came, ascending. */
  readonly gaps: Int32Array;
  readonly userId: Int32Array[];
  readonly movieId: Int32Array[];
  readonly rating: Float32Array[];
  readonly timestamp: Uint32Array[];
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const DOT = 46;
const ZERO = 48;

/** Rows per block of the growing columns. */
export const BLOCK_ROWS = 1 << 20;

/**
 * A column filled in fixed blocks and joined into one exact-size array at the end: no regrowth
 * copies while reading, no unused capacity afterwards (which would also be written to storage),
 * and at most one column's worth of extra memory while joining.
 */
class BlockColumn<T extends Int32Array | Float32Array | Uint32Array> {
  private readonly blocks: T[] = [];
  current: T;

  constructor(private readonly make: (n: number) => T) {
    this.current = make(BLOCK_ROWS);
  }

  /** Starts a new block (the caller has filled the current one). */
  nextBlock(): void {
    this.blocks.push(this.current);
    this.current = this.make(BLOCK_ROWS);
  }

  /** Every block, the current one last; the column is empty afterwards. */
  takeBlocks(): T[] {
    const blocks = [...this.blocks, this.current];
    this.blocks.length = 0;
    this.current = this.make(0);
    return blocks;
  }
}

/** One column of parts joined into one exact-size array; the parts' blocks are dropped as they
 * are copied, so at most one column's worth of extra memory is held at a time. */
export function joinBlocks<T extends Int32Array | Float32Array | Uint32Array>(
  parts: readonly { readonly rows: number; readonly blocks: T[] }[],
  make: (n: number) => T,
): T {
  const out = make(parts.reduce((n, p) => n + p.rows, 0));
  let at = 0;
  for (const { rows, blocks } of parts) {
    let left = rows;
    for (const block of blocks) {
      const n = Math.min(block.length, left);
      if (n <= 0) break;
      out.set(n === block.length ? block : block.subarray(0, n), at);
      at += n;
      left -= n;
    }
    blocks.length = 0;
  }
  return out;
}

/** The gaps of consecutive parts as one ascending list over the joined rows. */
export function joinGaps(parts: readonly RatingsPart[]): Int32Array {
  const gaps = new Int32Array(parts.reduce((n, p) => n + p.gaps.length, 0));
  let at = 0;
  let rowsBefore = 0;
  for (const part of parts) {
    for (let g = 0; g < part.gaps.length; g++) gaps[at++] = part.gaps[g]! + rowsBefore;
    rowsBefore += part.rows;
  }
  return gaps;
}

/** lineOf() for rows after `headerLines` lines, with the non-rating lines at `gaps`. */
export function lineIndex(headerLines: number, gaps: Int32Array): (row: number) => number {
  const firstDataLine = headerLines + 1;
  return (row) => firstDataLine + row + upperBound(gaps, row);
}

/** Parts joined into plain columns (the parser's end(); tests of the range split). */
export function joinParts(parts: readonly RatingsPart[], headerLines: number): RawRatingColumns {
  const lineOf = lineIndex(headerLines, joinGaps(parts));
  const column = <T extends Int32Array | Float32Array | Uint32Array>(pick: (p: RatingsPart) => T[], make: (n: number) => T) =>
    joinBlocks(
      parts.map((p) => ({ rows: p.rows, blocks: pick(p) })),
      make,
    );
  return {
    userId: column(
      (p) => p.userId,
      (n) => new Int32Array(n),
    ),
    movieId: column(
      (p) => p.movieId,
      (n) => new Int32Array(n),
    ),
    rating: column(
      (p) => p.rating,
      (n) => new Float32Array(n),
    ),
    timestamp: column(
      (p) => p.timestamp,
      (n) => new Uint32Array(n),
    ),
    lineOf,
  };
}

/**
 * The parser has two paths that agree on every line. The fast path (readLines) is one pass over
 * the bytes: digits accumulate straight into the field's value, separators and line ends are
 * matched inline, and a good line is written to the columns without a function call or an
 * object. Anything it does not expect (a space, a quote, a sign, an empty or too long field, a
 * value out of range, a blank line, the header) sends just that line to the slow path
 * (readLine), which splits it into fields and says exactly what is wrong with it. Lines split
 * between chunks also take the slow path: one per chunk.
 */
export class RatingsParser {
  private readonly userId = new BlockColumn((n) => new Int32Array(n));
  private readonly movieId = new BlockColumn((n) => new Int32Array(n));
  private readonly rating = new BlockColumn((n) => new Float32Array(n));
  private readonly timestamp = new BlockColumn((n) => new Uint32Array(n));
  /** Rows in the current block. */
  private inBlock = 0;
  private count = 0;
  private line = 0;
  private slowLines = 0;
  /** Row counts at which a non-rating line (blank or skipped) occurred, for lineOf(). */
  private gaps: number[] = [];
  /** The start of a line that the chunks so far did not finish, in pieces. */
  private carry: Uint8Array[] = [];
  private readonly separator: Uint8Array;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  /** The fast path's value of each field of the line being read. */
  private readonly fieldValues: Float64Array;
  /** The layout is user, movie, rating, timestamp, in that order (every MovieLens file). */
  private readonly inFileOrder: boolean;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly fileName: string,
    private readonly layout: RatingsLayout,
    private readonly log: ProblemLog,
  ) {
    this.separator = new TextEncoder().encode(layout.separator);
    if (this.separator.length < 1 || this.separator.length > 2) throw new Error(`unsupported separator "${layout.separator}"`);
    this.fieldStarts = new Int32Array(layout.fieldCount + 1);
    this.fieldEnds = new Int32Array(layout.fieldCount + 1);
    this.fieldValues = new Float64Array(layout.fieldCount);
    const { fieldCount, userField, movieField, ratingField, timestampField } = layout;
    this.inFileOrder = fieldCount === 4 && userField === 0 && movieField === 1 && ratingField === 2 && timestampField === 3;
  }

  get rowsRead(): number {
    return this.count;
  }

  get linesRead(): number {
    return this.line;
  }

  /** Lines the slow path read (the header, lines with a problem, lines split between chunks). */
  get slowPathLines(): number {
    return this.slowLines;
  }

  /** Feeds the next bytes of the file; lines may be split anywhere between chunks. */
  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carry.length > 0) {
      const firstNewline = chunk.indexOf(NEWLINE);
      if (firstNewline === -1) {
        this.carry.push(chunk.slice());
        return;
      }
      this.carry.push(chunk.subarray(0, firstNewline));
      const line = concatAll(this.carry);
      this.carry = [];
      this.readLine(line, 0, line.length);
      start = firstNewline + 1;
    }
    start = this.inFileOrder ? this.readLinesInOrder(chunk, start) : this.readLines(chunk, start);
    // Copied: the caller may reuse its buffer for the next chunk.
    if (start < chunk.length) this.carry = [chunk.slice(start)];
  }

  /** Ends the file (a last line without a newline is read) and returns the columns. */
  end(): RawRatingColumns {
    return joinParts([this.endPart()], this.layout.headerLines);
  }

  /** Ends the file (a last line without a newline is read) and hands over what was read, as
   * filled: no copy. The parser is empty afterwards. */
  endPart(): RatingsPart {
    if (this.carry.length > 0) {
      const line = concatAll(this.carry);
      this.carry = [];
      this.readLine(line, 0, line.length);
    }
    const part: RatingsPart = {
      rows: this.count,
      lines: this.line,
      gaps: Int32Array.from(this.gaps),
      userId: this.userId.takeBlocks(),
      movieId: this.movieId.takeBlocks(),
      rating: this.rating.takeBlocks(),
      timestamp: this.timestamp.takeBlocks(),
    };
    this.gaps = [];
    return part;
  }

  /**
   * The fast path over the complete lines of `bytes` from `from`; returns where the unfinished
   * last line starts (bytes.length when there is none). Every `break fast` hands the line that
   * starts at lineStart to the slow path.
   */
  private readLines(bytes: Uint8Array, from: number): number {
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

  /**
   * readLines for the layout of every MovieLens file (user, movie, rating, timestamp): the same
   * checks, each field's loop written out, values in locals.
   */
  private readLinesInOrder(bytes: Uint8Array, from: number): number {
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

  /** The slow path: one line from start to end (its newline excluded), checked field by field. */
  private readLine(bytes: Uint8Array, start: number, end: number): void {
    this.line++;
    this.slowLines++;
    if (this.line <= this.layout.headerLines) return;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (end === start) {
      this.gaps.push(this.count); // a blank line holds no rating: nothing is lost
      return;
    }
    const { fieldCount } = this.layout;
    const fields = this.splitFields(bytes, start, end);
    if (fields !== fieldCount) {
      if (bytes.subarray(start, end).includes(QUOTE)) {
        this.skip(`a quoted line "${this.text(bytes, start, end)}"`, `plain numbers: ${this.layout.description}`);
      } else {
        this.skip(
          `${fields} field${fields === 1 ? '' : 's'} in "${this.text(bytes, start, end)}"`,
          `${fieldCount} fields: ${this.layout.description}`,
        );
      }
      return;
    }
    const { userField, movieField, ratingField, timestampField } = this.layout;
    const user = parseId(bytes, this.fieldStarts[userField]!, this.fieldEnds[userField]!);
    if (user < 0) return this.skipField(bytes, userField, 'userId', `a whole number from 1 to ${MAX_ID}`);
    const movie = parseId(bytes, this.fieldStarts[movieField]!, this.fieldEnds[movieField]!);
    if (movie < 0) return this.skipField(bytes, movieField, 'movieId', `a whole number from 1 to ${MAX_ID}`);
    const value = parseDecimal(bytes, this.fieldStarts[ratingField]!, this.fieldEnds[ratingField]!);
    if (!(value >= RATING_RANGE.min && value <= RATING_RANGE.max)) {
      return this.skipField(bytes, ratingField, 'rating', `a number from ${RATING_RANGE.min} to ${RATING_RANGE.max}`);
    }
    let time = 0;
    if (timestampField >= 0) {
      time = parseWhole(bytes, this.fieldStarts[timestampField]!, this.fieldEnds[timestampField]!, MAX_TIMESTAMP);
      if (time < 0) return this.skipField(bytes, timestampField, 'timestamp', 'whole seconds since 1970');
    }
    if (this.inBlock === BLOCK_ROWS) {
      for (const column of [this.userId, this.movieId, this.rating, this.timestamp]) column.nextBlock();
      this.inBlock = 0;
    }
    const r = this.inBlock++;
    this.count++;
    this.userId.current[r] = user;
    this.movieId.current[r] = movie;
    this.rating.current[r] = value;
    this.timestamp.current[r] = time;
  }

  /** Fills fieldStarts/fieldEnds; returns the number of fields (stops counting past fieldCount + 1). */
  private splitFields(bytes: Uint8Array, start: number, end: number): number {
    const sep = this.separator;
    const first = sep[0];
    const width = sep.length;
    let fields = 0;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      if (bytes[i] === first && (width === 1 || (i + 1 < end && bytes[i + 1] === sep[1]))) {
        if (fields <= this.layout.fieldCount) {
          this.fieldStarts[fields] = fieldStart;
          this.fieldEnds[fields] = i;
        }
        fields++;
        i += width - 1;
        fieldStart = i + 1;
      }
    }
    if (fields <= this.layout.fieldCount) {
      this.fieldStarts[fields] = fieldStart;
      this.fieldEnds[fields] = end;
    }
    return fields + 1;
  }

  private skipField(bytes: Uint8Array, field: number, name: string, expected: string): void {
    const text = this.text(bytes, this.fieldStarts[field]!, this.fieldEnds[field]!);
    this.skip(`${name} "${text}" is not ${name === 'rating' ? 'a rating' : name === 'timestamp' ? 'a time' : 'a valid id'}`, expected);
  }

  private skip(message: string, expected: string): void {
    this.gaps.push(this.count);
    this.log.skip(this.fileName, this.line, message, expected);
  }

  private text(bytes: Uint8Array, start: number, end: number): string {
    const text = this.decoder.decode(bytes.subarray(start, Math.min(end, start + 80)));
    return end - start > 80 ? `${text}…` : text;
  }
}

function concatAll(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
