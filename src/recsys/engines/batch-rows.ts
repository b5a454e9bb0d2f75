/**
 * Groups a mini-batch by the parameter rows it touches, on the CPU, so the GPU can sum each
 * row's gradient without atomics and update only the touched rows ("lazy" updates).
 *
 * Users and movies share one table: user u is row u, movie i is row userCount + i. For each
 * touched row r (in first-touched order), `occurrences` lists, as pairs, the batch position j of
 * every rating that touches r and the row on the other side of that rating (the movie's row for
 * a user row, the user's row for a movie row).
 */
export interface BatchRowGroups {
  /** Number of distinct rows touched. */
  rowCount: number;
  /** rowIds[0..rowCount): the touched rows. */
  readonly rowIds: Int32Array;
  /** rowOffsets[r]..rowOffsets[r+1]: row r's pairs in `occurrences` (pair index, not element). */
  readonly rowOffsets: Int32Array;
  /** Pairs (batch position, other row), 2 × 2 × batchSize entries at most. */
  readonly occurrences: Int32Array;
}

export class BatchRowGrouper {
  private readonly slotOfRow: Int32Array;
  private readonly stampOfRow: Int32Array;
  private readonly counts: Int32Array;
  private readonly cursor: Int32Array;
  private stamp = 0;
  readonly groups: BatchRowGroups;

  constructor(
    private readonly userCount: number,
    movieCount: number,
    maxBatchSize: number,
  ) {
    const tableRows = userCount + movieCount;
    this.slotOfRow = new Int32Array(tableRows);
    // Stamps mark which rows this batch has seen, so nothing of size tableRows is cleared per step.
    this.stampOfRow = new Int32Array(tableRows);
    const maxRows = 2 * maxBatchSize;
    this.counts = new Int32Array(maxRows);
    this.cursor = new Int32Array(maxRows);
    this.groups = {
      rowCount: 0,
      rowIds: new Int32Array(maxRows),
      rowOffsets: new Int32Array(maxRows + 1),
      occurrences: new Int32Array(2 * maxRows),
    };
  }

  /** Groups ratings j < size of (users[j], movies[j]) (dense indices); returns this.groups. */
  group(users: Int32Array, movies: Int32Array, size: number): BatchRowGroups {
    const { rowIds, rowOffsets, occurrences } = this.groups;
    this.stamp++;
    let rowCount = 0;
    const slotOf = (row: number): number => {
      if (this.stampOfRow[row] !== this.stamp) {
        this.stampOfRow[row] = this.stamp;
        this.slotOfRow[row] = rowCount;
        rowIds[rowCount] = row;
        this.counts[rowCount] = 0;
        rowCount++;
      }
      return this.slotOfRow[row]!;
    };
    for (let j = 0; j < size; j++) {
      this.counts[slotOf(users[j]!)]!++;
      this.counts[slotOf(this.userCount + movies[j]!)]!++;
    }
    rowOffsets[0] = 0;
    for (let r = 0; r < rowCount; r++) {
      rowOffsets[r + 1] = rowOffsets[r]! + this.counts[r]!;
      this.cursor[r] = rowOffsets[r]!;
    }
    for (let j = 0; j < size; j++) {
      const userRow = users[j]!;
      const movieRow = this.userCount + movies[j]!;
      let at = this.cursor[this.slotOfRow[userRow]!]!++;
      occurrences[2 * at] = j;
      occurrences[2 * at + 1] = movieRow;
      at = this.cursor[this.slotOfRow[movieRow]!]!++;
      occurrences[2 * at] = j;
      occurrences[2 * at + 1] = userRow;
    }
    this.groups.rowCount = rowCount;
    return this.groups;
  }
}
