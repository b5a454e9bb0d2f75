/** A factor table of incompressible pseudo-random floats, as real factors are (both Spark benches). */
export function syntheticFactors(rows: number, rank: number, seed: number): Float32Array {
  const out = new Float32Array(rows * rank);
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    // Math.imul: a float multiply would lose the low bits and collapse the sequence into a
    // short cycle that snappy squeezes to nothing.
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}
