import { conjugateGradientRows, type IalsConfig, type WeightedRows } from '../../recsys/models/ials';
import { rowSlice } from '../../recsys/compressed-rows';

/** One side's rows from..to−1 with only their entries (offsets start at 0). */
export interface RowRange {
  readonly from: number;
  readonly to: number;
  readonly rows: WeightedRows;
}

/**
 * What one solver thread of the parallel iALS engine does (parallel-ials.ts): it keeps its row
 * range of each side, and solves those rows against the fixed side when asked. The same object
 * runs in a solver worker (ials-solver.worker.ts) and, in unit tests, in-process.
 */
export interface IalsSolver {
  setup(config: IalsConfig, users: RowRange, movies: RowRange): void;
  /** Solves the range's rows of `side` (0 users, 1 movies), warm-started from `current` (the
   * range's rows, row-major), against `other` with its Gram matrix; answers the new rows. */
  solve(side: 0 | 1, current: Float32Array, other: Float32Array, gram: Float64Array, otherCount: number): Float32Array;
}

export function createIalsSolver(): IalsSolver {
  let config: IalsConfig | undefined;
  let ranges: readonly [RowRange, RowRange] | undefined;
  return {
    setup(next, users, movies) {
      config = next;
      ranges = [users, movies];
    },
    solve(side, current, other, gram, otherCount) {
      if (!config || !ranges) throw new Error('the iALS solver was not set up');
      const { from, to, rows } = ranges[side];
      conjugateGradientRows(current, rows, other, gram, config.factors, config, otherCount, from, to, from, from);
      return current;
    },
  };
}

/** The rows from..to−1 of `rows`, with their entries copied out and offsets from 0. */
export function rowRange(rows: WeightedRows, from: number, to: number): RowRange {
  const { start, end, offsets } = rowSlice(rows.offsets, from, to);
  return { from, to, rows: { offsets, columns: rows.columns.slice(start, end), weights: rows.weights.slice(start, end) } };
}

/**
 * Splits rows 0..count−1 into `parts` contiguous ranges of about equal work. A row's CG steps
 * cost k² (the Gram product) plus 2k per entry, so a row weighs k/2 + its entries.
 */
export function balancedRanges(offsets: Int32Array, parts: number, k: number): [number, number][] {
  const count = offsets.length - 1;
  const weight = (row: number) => k / 2 + (offsets[row + 1]! - offsets[row]!);
  let total = 0;
  for (let r = 0; r < count; r++) total += weight(r);
  const ranges: [number, number][] = [];
  let from = 0;
  let done = 0;
  for (let part = 1; part <= parts; part++) {
    const goal = (total * part) / parts;
    let to = from;
    while (to < count && (part === parts || done + weight(to) / 2 < goal)) done += weight(to++);
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}
