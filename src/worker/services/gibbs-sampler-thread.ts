import { sampleSide, type RatingRows, type SidePrior } from '../../recsys/models/bayesian-mf';
import { rowSlice } from '../../recsys/compressed-rows';

/** One side's rows from..to−1 with only their entries (offsets start at 0). */
export interface RatingRowRange {
  readonly from: number;
  readonly to: number;
  readonly rows: RatingRows;
}

/**
 * What one sampler thread of the parallel Gibbs engine does (parallel-gibbs.ts): it keeps its row
 * range of each side and draws those rows when asked. The same object runs in a sampler worker
 * (gibbs-sampler.worker.ts) and, in unit tests, in-process.
 */
export interface GibbsSamplerThreadApi {
  setup(width: number, users: RatingRowRange, movies: RatingRowRange): void;
  /** The range's rows of `side` drawn against `other` (row-major, `width` per row). */
  sample(side: 0 | 1, other: Float32Array, prior: SidePrior, seed: number, precision: number): Float32Array;
}

export function createGibbsSamplerThread(): GibbsSamplerThreadApi {
  let width = 0;
  let ranges: readonly [RatingRowRange, RatingRowRange] | undefined;
  return {
    setup(nextWidth, users, movies) {
      width = nextWidth;
      ranges = [users, movies];
    },
    sample(side, other, prior, seed, precision) {
      if (!ranges) throw new Error('the Gibbs sampler thread was not set up');
      const { from, to, rows } = ranges[side];
      const out = new Float32Array((to - from) * width);
      sampleSide(rows, out, other, width, prior, seed, precision, from, to, from);
      return out;
    },
  };
}

/** The rows from..to−1 of `rows`, with their entries copied out and offsets from 0. */
export function ratingRowRange(rows: RatingRows, from: number, to: number): RatingRowRange {
  const { start, end, offsets } = rowSlice(rows.offsets, from, to);
  return { from, to, rows: { offsets, columns: rows.columns.slice(start, end), residuals: rows.residuals.slice(start, end) } };
}
