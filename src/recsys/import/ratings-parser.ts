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
 * in ~25 s on this machine; this byte loop is what makes the 25M goal reachable (see README,
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

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;

/** Rows per block of the growing columns. */
const BLOCK_ROWS = 1 << 20;

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

  join(count: number): T {
    const out = this.make(count);
    let at = 0;
    for (const block of [...this.blocks, this.current]) {
      const n = Math.min(block.length, count - at);
      if (n <= 0) break;
      out.set(block.subarray(0, n), at);
      at += n;
    }
    this.blocks.length = 0;
    this.current = this.make(0);
    return out;
  }
}

export class RatingsParser {
  private readonly userId = new BlockColumn((n) => new Int32Array(n));
  private readonly movieId = new BlockColumn((n) => new Int32Array(n));
  private readonly rating = new BlockColumn((n) => new Float32Array(n));
  private readonly timestamp = new BlockColumn((n) => new Uint32Array(n));
  /** Rows in the current block. */
  private inBlock = 0;
  private count = 0;
  private line = 0;
  /** Row counts at which a non-rating line (blank or skipped) occurred, for lineOf(). */
  private gaps: number[] = [];
  private carry: Uint8Array = new Uint8Array(0);
  private readonly separator: Uint8Array;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly fileName: string,
    private readonly layout: RatingsLayout,
    private readonly log: ProblemLog,
  ) {
    this.separator = new TextEncoder().encode(layout.separator);
    this.fieldStarts = new Int32Array(layout.fieldCount + 1);
    this.fieldEnds = new Int32Array(layout.fieldCount + 1);
  }

  get rowsRead(): number {
    return this.count;
  }

  get linesRead(): number {
    return this.line;
  }

  /** Feeds the next bytes of the file; lines may be split anywhere between chunks. */
  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carry.length > 0) {
      const firstNewline = chunk.indexOf(NEWLINE);
      if (firstNewline === -1) {
        this.carry = concat(this.carry, chunk);
        return;
      }
      this.parseLine(concat(this.carry, chunk.subarray(0, firstNewline)), 0, this.carry.length + firstNewline);
      this.carry = new Uint8Array(0);
      start = firstNewline + 1;
    }
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      this.parseLine(chunk, start, newline);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
  }

  /** Ends the file (a last line without a newline is read) and returns the columns. */
  end(): RawRatingColumns {
    if (this.carry.length > 0) {
      this.parseLine(this.carry, 0, this.carry.length);
      this.carry = new Uint8Array(0);
    }
    const n = this.count;
    const gaps = Int32Array.from(this.gaps);
    const firstDataLine = this.layout.headerLines + 1;
    return {
      userId: this.userId.join(n),
      movieId: this.movieId.join(n),
      rating: this.rating.join(n),
      timestamp: this.timestamp.join(n),
      lineOf: (row: number) => firstDataLine + row + upperBound(gaps, row),
    };
  }

  private parseLine(bytes: Uint8Array, start: number, end: number): void {
    this.line++;
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
