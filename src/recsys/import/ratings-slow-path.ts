import { CARRIAGE_RETURN, MAX_ID, parseDecimal, parseId, parseWhole } from './byte-fields';
import type { ProblemLog } from './import-problem';
import { BLOCK_ROWS, BlockColumn } from './ratings-columns';
import { MAX_TIMESTAMP, RATING_RANGE, type RatingsLayout } from './ratings-layout';

/**
 * The ratings parser's slow path and the state both of its paths fill: one line at a time, split
 * into fields and checked field by field, with the reason for each line it skips (to the
 * problem log, with the line's number and what was expected), and a blank or skipped line's place
 * kept for lineOf(). The fast path (ratings-any-order.ts, ratings-in-order.ts) extends it and hands
 * this class every line it does not expect.
 */

const QUOTE = 34;

export abstract class RatingsSlowPath {
  protected readonly userId = new BlockColumn((n) => new Int32Array(n));
  protected readonly movieId = new BlockColumn((n) => new Int32Array(n));
  protected readonly rating = new BlockColumn((n) => new Float32Array(n));
  protected readonly timestamp = new BlockColumn((n) => new Uint32Array(n));
  /** Rows in the current block. */
  protected inBlock = 0;
  protected count = 0;
  protected line = 0;
  protected slowLines = 0;
  /** Row counts at which a non-rating line (blank or skipped) occurred, for lineOf(). */
  protected gaps: number[] = [];
  protected readonly separator: Uint8Array;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly fileName: string,
    protected readonly layout: RatingsLayout,
    private readonly log: ProblemLog,
  ) {
    this.separator = new TextEncoder().encode(layout.separator);
    if (this.separator.length < 1 || this.separator.length > 2) throw new Error(`unsupported separator "${layout.separator}"`);
    this.fieldStarts = new Int32Array(layout.fieldCount + 1);
    this.fieldEnds = new Int32Array(layout.fieldCount + 1);
  }

  /** The slow path: one line from start to end (its newline excluded), checked field by field. */
  protected readLine(bytes: Uint8Array, start: number, end: number): void {
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
