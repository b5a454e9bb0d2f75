import { randomInt, type RandomSource } from '../../src/recsys/random';

/**
 * Vose's alias table: O(1) draws from a discrete distribution. Draw `slot` uniformly, keep it
 * with probability `prob[slot]`, else take `alias[slot]` (`drawAlias` does this).
 */
export interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

/** The alias table of the distribution proportional to `weights` (non-negative, not all zero). */
export function aliasTable(weights: Float64Array): AliasTable {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    const p = (weights[i]! * n) / total;
    prob[i] = p;
    if (p < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[nl - 1]!;
    alias[s] = l;
    const p = prob[l]! + prob[s]! - 1;
    prob[l] = p;
    if (p < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  while (nl > 0) prob[large[--nl]!] = 1;
  while (ns > 0) prob[small[--ns]!] = 1;
  return { prob, alias };
}

/** One draw from `table`: an index into the weights it was built from. Uses two uniforms. */
export function drawAlias(table: AliasTable, random: RandomSource): number {
  const slot = randomInt(random, table.prob.length);
  return random() < table.prob[slot]! ? slot : table.alias[slot]!;
}
