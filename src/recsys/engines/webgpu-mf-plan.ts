import type { RatingColumns } from '../dataset';

/**
 * Plans many fused-MF steps at once on the CPU, into flat arrays that go to the GPU in a few
 * large writes (see webgpu-mf-kernels.ts for what the kernels read):
 *
 *   pairRows   per step: the batch's user rows, then its movie rows (movie i is row U + i)
 *   ratings    per step: the batch's ratings
 *   groups     per step: the touched rows (first-touched order), their offsets into the
 *              occurrence list, and per occurrence the snapshot row of the other side of its
 *              rating: 2j + 1 (the movie's copy) for a user row, 2j (the user's) for a movie row
 *
 * Grouping by row lets the GPU sum each row's gradient without atomics and update only the
 * touched rows (lazy updates). The uniform of each step (offsets into these arrays, its batch
 * size and row count, Adam's bias corrections) is written by the caller from `steps`.
 */
export interface PlannedStep {
  batchSize: number;
  rowCount: number;
  pairOffset: number;
  ratingOffset: number;
  groupOffset: number;
}

export class StepPlanner {
  readonly pairRows: Int32Array<ArrayBuffer>;
  readonly ratings: Float32Array<ArrayBuffer>;
  readonly groups: Int32Array<ArrayBuffer>;
  readonly steps: PlannedStep[];
  /** Entries of each array used by the last plan. */
  pairLength = 0;
  ratingLength = 0;
  groupLength = 0;
  stepCount = 0;
  private readonly slotOfRow: Int32Array;
  private readonly stampOfRow: Int32Array;
  private readonly rowIds: Int32Array;
  private readonly counts: Int32Array;
  private readonly cursor: Int32Array;
  private stamp = 0;

  constructor(
    private readonly userCount: number,
    movieCount: number,
    readonly maxBatchSize: number,
    readonly maxSteps: number,
  ) {
    const tableRows = userCount + movieCount;
    this.slotOfRow = new Int32Array(tableRows);
    // Stamps mark which rows a batch has seen, so nothing of size tableRows is cleared per step.
    this.stampOfRow = new Int32Array(tableRows);
    const maxRows = 2 * maxBatchSize;
    this.rowIds = new Int32Array(maxRows);
    this.counts = new Int32Array(maxRows);
    this.cursor = new Int32Array(maxRows);
    this.pairRows = new Int32Array(2 * maxBatchSize * maxSteps);
    this.ratings = new Float32Array(maxBatchSize * maxSteps);
    // At most 2B rows, 2B + 1 offsets and 2B occurrences per step.
    this.groups = new Int32Array((6 * maxBatchSize + 1) * maxSteps);
    this.steps = Array.from({ length: maxSteps }, () => ({ batchSize: 0, rowCount: 0, pairOffset: 0, ratingOffset: 0, groupOffset: 0 }));
  }

  /**
   * Plans `stepCount` batches of `batchSize` ratings (the last may be short, ending at
   * `order.length`), batch s taking positions firstPosition + s·batchSize … of `order` (the
   * identity when `order` is undefined) from `columns`.
   */
  plan(columns: RatingColumns, order: Int32Array | undefined, firstPosition: number, batchSize: number, stepCount: number): void {
    if (batchSize > this.maxBatchSize || stepCount > this.maxSteps) {
      throw new RangeError(`a plan of ${stepCount} × ${batchSize} exceeds ${this.maxSteps} × ${this.maxBatchSize}`);
    }
    const { user, movie, rating } = columns;
    const total = order ? order.length : rating.length;
    const U = this.userCount;
    const { pairRows, ratings, groups, slotOfRow, stampOfRow, rowIds, counts, cursor } = this;
    let pairAt = 0;
    let ratingAt = 0;
    let groupAt = 0;
    let s = 0;
    for (; s < stepCount; s++) {
      const start = firstPosition + s * batchSize;
      const size = Math.min(batchSize, total - start);
      if (size <= 0) break;
      // The batch's rows and ratings, and each touched row's number of ratings.
      const stamp = ++this.stamp;
      let rowCount = 0;
      for (let j = 0; j < size; j++) {
        const r = order ? order[start + j]! : start + j;
        const userRow = user[r]!;
        const movieRow = U + movie[r]!;
        pairRows[pairAt + j] = userRow;
        pairRows[pairAt + size + j] = movieRow;
        ratings[ratingAt + j] = rating[r]!;
        if (stampOfRow[userRow] !== stamp) {
          stampOfRow[userRow] = stamp;
          slotOfRow[userRow] = rowCount;
          rowIds[rowCount] = userRow;
          counts[rowCount++] = 0;
        }
        counts[slotOfRow[userRow]!]!++;
        if (stampOfRow[movieRow] !== stamp) {
          stampOfRow[movieRow] = stamp;
          slotOfRow[movieRow] = rowCount;
          rowIds[rowCount] = movieRow;
          counts[rowCount++] = 0;
        }
        counts[slotOfRow[movieRow]!]!++;
      }
      // rowIds, then offsets, then the occurrences in batch order within each row.
      const offsetsAt = groupAt + rowCount;
      const othersAt = offsetsAt + rowCount + 1;
      groups[offsetsAt] = 0;
      let offset = 0;
      for (let r = 0; r < rowCount; r++) {
        groups[groupAt + r] = rowIds[r]!;
        cursor[r] = offset;
        offset += counts[r]!;
        groups[offsetsAt + r + 1] = offset;
      }
      for (let j = 0; j < size; j++) {
        groups[othersAt + cursor[slotOfRow[pairRows[pairAt + j]!]!]!++] = 2 * j + 1;
        groups[othersAt + cursor[slotOfRow[pairRows[pairAt + size + j]!]!]!++] = 2 * j;
      }
      const step = this.steps[s]!;
      step.batchSize = size;
      step.rowCount = rowCount;
      step.pairOffset = pairAt;
      step.ratingOffset = ratingAt;
      step.groupOffset = groupAt;
      pairAt += 2 * size;
      ratingAt += size;
      groupAt = othersAt + 2 * size;
    }
    this.stepCount = s;
    this.pairLength = pairAt;
    this.ratingLength = ratingAt;
    this.groupLength = groupAt;
  }
}
