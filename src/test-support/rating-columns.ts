import type { RatingColumns } from '../recsys/dataset';
import { mulberry32, randomInt } from '../recsys/random';

/** Rating columns from (user, movie, rating) triples. */
export function columns(rows: readonly (readonly [number, number, number])[]): RatingColumns {
  return {
    user: Int32Array.from(rows, ([u]) => u),
    movie: Int32Array.from(rows, ([, m]) => m),
    rating: Float32Array.from(rows, ([, , r]) => r),
  };
}

/** A random dataset: every user rates `perUser` distinct movies, split 80/20 by row position. */
export function randomData(userCount: number, movieCount: number, perUser: number, seed: number) {
  const random = mulberry32(seed);
  const train: [number, number, number][] = [];
  const test: [number, number, number][] = [];
  const seen = new Uint8Array(movieCount);
  for (let u = 0; u < userCount; u++) {
    const mine: number[] = [];
    while (mine.length < perUser) {
      const m = randomInt(random, movieCount);
      if (seen[m] === 0) {
        seen[m] = 1;
        mine.push(m);
      }
    }
    for (const [i, m] of mine.entries()) {
      seen[m] = 0;
      (i % 5 === 0 ? test : train).push([u, m, 0.5 + 0.5 * randomInt(random, 10)]);
    }
  }
  return { train: columns(train), test: columns(test) };
}
