import type { RatingColumns } from './dataset';
import { mulberry32, shuffleInPlace } from './random';

/** Rows of `train` in mini-batches, reshuffled each epoch from the seed. Batch b is positions
 * [b·batchSize, (b+1)·batchSize) of `order`; engines read the rows from there (the WebGPU one
 * plans many batches at once), or copy one batch into the reused buffers with `fill`. */
export class BatchSource {
  /** The current epoch's order of training rows. */
  readonly order: Int32Array;
  readonly users: Int32Array;
  readonly movies: Int32Array;
  readonly ratings: Float32Array;
  private readonly random: () => number;

  constructor(
    readonly train: RatingColumns,
    readonly batchSize: number,
    seed: number,
  ) {
    this.order = Int32Array.from({ length: train.rating.length }, (_, i) => i);
    this.users = new Int32Array(batchSize);
    this.movies = new Int32Array(batchSize);
    this.ratings = new Float32Array(batchSize);
    this.random = mulberry32(seed);
  }

  get batchCount(): number {
    return Math.ceil(this.order.length / this.batchSize);
  }

  get ratingCount(): number {
    return this.order.length;
  }

  /** Size of batch `b` (the last one may be short). */
  sizeOf(b: number): number {
    return Math.min(this.batchSize, this.order.length - b * this.batchSize);
  }

  shuffle(): void {
    shuffleInPlace(this.order, this.random);
  }

  /** Fills the buffers with batch `b` of the current order; returns its size. */
  fill(b: number): number {
    const start = b * this.batchSize;
    const size = this.sizeOf(b);
    for (let j = 0; j < size; j++) {
      const row = this.order[start + j]!;
      this.users[j] = this.train.user[row]!;
      this.movies[j] = this.train.movie[row]!;
      this.ratings[j] = this.train.rating[row]!;
    }
    return size;
  }
}
