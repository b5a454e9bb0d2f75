import { selectRows, type RatingColumns } from './dataset';
import { mulberry32, permutation } from './random';

export interface TrainTestSplit {
  readonly train: RatingColumns;
  readonly test: RatingColumns;
}

/**
 * Seeded random split of rating rows: a `testFraction` share goes to test, the rest to train.
 * The same seed and data always give the same split, whatever the platform.
 */
export function randomSplit(columns: RatingColumns, testFraction: number, seed: number): TrainTestSplit {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`testFraction must be between 0 and 1, got ${testFraction}`);
  }
  const { trainRows, testRows } = randomSplitRows(columns.rating.length, testFraction, seed);
  return { train: selectRows(columns, trainRows), test: selectRows(columns, testRows) };
}

/** The rows randomSplit puts on each side, in increasing order (the dataset export writes the
 * test ones; spark/als_job.py draws the same with a port of mulberry32). */
export function randomSplitRows(n: number, testFraction: number, seed: number): { trainRows: Int32Array; testRows: Int32Array } {
  const order = permutation(n, mulberry32(seed));
  const testCount = Math.round(n * testFraction);
  // Sorting keeps each part in file order, which makes the split independent of later shuffles.
  return { testRows: order.slice(0, testCount).sort(), trainRows: order.slice(testCount).sort() };
}

/** The split a dataset came with: rows before `trainRows` train, the rest test. */
export function givenSplit(columns: RatingColumns, trainRows: number): TrainTestSplit {
  const n = columns.rating.length;
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { train: selectRows(columns, range(0, trainRows)), test: selectRows(columns, range(trainRows, n)) };
}
