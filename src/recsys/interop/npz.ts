import { unzipSync, zipSync, type Zippable } from 'fflate';
import { NpyError, readNpy, writeNpy, type NpyArray } from './npy';

/**
 * NumPy's `.npz`: a zip of `.npy` files, one per array, named `<key>.npy` (`np.savez` stores
 * them, `np.savez_compressed` deflates them; fflate reads both). `np.load(path)[key]` gives
 * each array back. `wanted` names the arrays to read; the others are not parsed.
 */
export function readNpz(bytes: Uint8Array, name = 'the .npz file', wanted?: readonly string[]): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new NpyError(`${name}: not a readable .npz (zip) archive: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [entry, content] of Object.entries(entries)) {
    if (!entry.endsWith('.npy')) continue;
    const key = entry.slice(0, -'.npy'.length);
    // implicit's saves hold settings this app has no use for, some as strings ('<U7'): with
    // `wanted`, only those arrays are read (and must be readable).
    if (wanted && !wanted.includes(key)) continue;
    arrays.set(key, readNpy(content, `${name}, array ${key}`));
  }
  if (arrays.size === 0) throw new NpyError(`${name}: the archive holds no .npy arrays.`);
  return arrays;
}

export interface NpzEntry {
  readonly data: Float32Array | Float64Array | Int32Array;
  readonly shape: readonly number[];
}

/** Writes an `.npz` as `np.savez` does (stored, not deflated: factor tables hardly compress). */
export function writeNpz(arrays: Readonly<Record<string, NpzEntry>>): Uint8Array<ArrayBuffer> {
  const files: Zippable = {};
  for (const [key, { data, shape }] of Object.entries(arrays)) files[`${key}.npy`] = [writeNpy(data, shape), { level: 0 }];
  return zipSync(files) as Uint8Array<ArrayBuffer>;
}
