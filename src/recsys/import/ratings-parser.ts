import { NEWLINE } from './byte-fields';
import { concatAll } from './file-bytes';
import type { ProblemLog } from './import-problem';
import { joinParts, type RatingsPart, type RawRatingColumns } from './ratings-columns';
import { RatingsInOrderPath } from './ratings-in-order';
import type { RatingsLayout } from './ratings-layout';

/**
 * Streaming reader for all-numeric MovieLens rating files, straight from bytes into typed
 * columns: no string per line, no object per rating, no whole file in memory.
 *
 *   ratings.csv  userId,movieId,rating,timestamp   (header; columns may come in any order)
 *   ratings.dat  UserID::MovieID::Rating::Timestamp (no header; ml-1m, ml-10m)
 *   u.data       user \t item \t rating \t timestamp (no header; ml-100k)
 *
 * Why not papaparse here: it builds a string array per row, and streamed a 25M-row ratings.csv
 * in ~25 s on this machine; this byte loop is what makes the 25M goal reachable (see
 * docs/benchmarks.md, "Import"). papaparse still reads movies.csv, whose titles need real CSV
 * quoting.
 *
 * The parser has two paths that agree on every line. The fast path is one pass over the bytes:
 * digits accumulate straight into the field's value, separators and line ends are matched
 * inline, and a good line is written to the columns without a function call or an object; it
 * comes in two forms, readLines for any column order (ratings-any-order.ts) and readLinesInOrder
 * written out for the MovieLens order (ratings-in-order.ts). Anything it does not expect (a
 * space, a quote, a sign, an empty or too long field, a value out of range, a blank line, the
 * header) sends just that line to the slow path (readLine in ratings-slow-path.ts), which splits
 * it into fields and says exactly what is wrong with it. Lines split between chunks also take
 * the slow path: one per chunk. The layers are one class chain, not functions, so that every
 * column and count stays a property of `this` inside one loop; this class cuts the chunks into
 * lines and hands over the columns (ratings-columns.ts); the layout and value ranges are in
 * ratings-layout.ts, its detection in layouts.ts.
 */
export class RatingsParser extends RatingsInOrderPath {
  /** The start of a line that the chunks so far did not finish, in pieces. */
  private carry: Uint8Array[] = [];
  /** The layout is user, movie, rating, timestamp, in that order (every MovieLens file). */
  private readonly inFileOrder: boolean;

  constructor(fileName: string, layout: RatingsLayout, log: ProblemLog) {
    super(fileName, layout, log);
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
}
