/**
 * Seeded pseudo-random numbers for splits, shuffles and the demo data.
 *
 * Why hand-written: we need a tiny, dependency-free, reproducible generator that runs the same in
 * the worker, in Node tests and in scripts. Mulberry32 is a well-known 32-bit generator (public
 * domain) with good statistical quality for shuffling; it is a handful of lines.
 */
export type RandomSource = () => number;

/** Returns a function giving uniform floats in [0, 1), fully determined by `seed`. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(random: RandomSource, n: number): number {
  return Math.floor(random() * n);
}

/** Standard normal sample (Box-Muller). */
export function randomNormal(random: RandomSource): number {
  const u = 1 - random(); // (0, 1], keeps log finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher-Yates shuffle. */
export function shuffleInPlace(values: Int32Array | number[], random: RandomSource): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}

/** 0, 1, …, n-1 in a seeded random order. */
export function permutation(n: number, random: RandomSource): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, random);
  return order;
}
