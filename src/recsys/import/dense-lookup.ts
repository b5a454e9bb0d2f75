import type { IdMap } from '../dataset';

/**
 * Raw MovieLens id → dense index, fast enough for a 25M-row pass: a flat typed array for
 * MovieLens-sized ids, the IdMap's Map beyond. The id passes of the import (mapIds, the id
 * mapping plan) look ids up through it.
 */

/** Raw ids below this map through a flat array (4 bytes per id up to 64 MB); larger ids use the
 * IdMap's Map. */
export const FLAT_LOOKUP_LIMIT = 1 << 24;

/** Raw id → dense index: a flat typed array for MovieLens-sized ids (fast at 25M rows), a Map
 * beyond. New ids are added to `ids` in first-seen order. */
export class DenseLookup {
  private flat = new Int32Array(0);

  /** The flat part: index of raw id x at [x], −1 where unknown; ids beyond its length may still
   * be known (find()). Replaced when it grows, so hot loops re-read it after add(). */
  get flatTable(): Int32Array {
    return this.flat;
  }

  constructor(private readonly ids: IdMap) {
    for (const raw of ids.rawIds()) this.setFlat(raw, ids.indexOf(raw) as number);
  }

  find(raw: number): number {
    if (raw < this.flat.length) {
      const index = this.flat[raw]!;
      if (index >= 0) return index;
      if (raw < FLAT_LOOKUP_LIMIT) return -1;
    }
    return this.ids.indexOf(raw) ?? -1;
  }

  add(raw: number): number {
    const index = this.ids.intern(raw);
    this.setFlat(raw, index);
    return index;
  }

  findOrAdd(raw: number): number {
    const index = this.find(raw);
    return index >= 0 ? index : this.add(raw);
  }

  private setFlat(raw: number, index: number): void {
    if (raw >= FLAT_LOOKUP_LIMIT) return;
    if (raw >= this.flat.length) {
      const grown = new Int32Array(Math.min(FLAT_LOOKUP_LIMIT, Math.max(1024, raw * 2))).fill(-1);
      grown.set(this.flat);
      this.flat = grown;
    }
    this.flat[raw] = index;
  }
}
