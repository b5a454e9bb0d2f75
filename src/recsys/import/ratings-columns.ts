import { upperBound } from './byte-fields';

/**
 * Where the ratings parser puts what it reads, and how it comes out: each column filled in
 * fixed blocks (no regrowth copies), a parser's blocks handed over as a part (to cross from a
 * parse worker by transfer), and parts joined into exact-size columns with each row's line.
 */

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

/** Rows per block of the growing columns. */
export const BLOCK_ROWS = 1 << 20;

/**
 * A column filled in fixed blocks and joined into one exact-size array at the end: no regrowth
 * copies while reading, no unused capacity afterwards (which would also be written to storage),
 * and at most one column's worth of extra memory while joining.
 */
export class BlockColumn<T extends Int32Array | Float32Array | Uint32Array> {
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
