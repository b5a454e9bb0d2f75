/**
 * NumPy's `.npy` format (format versions 1 to 3), read and written for the arrays recommender
 * libraries exchange: factor tables and id vectors. The layout, from NumPy's
 * `numpy/lib/format.py`: the magic `\x93NUMPY`, major and minor version bytes, the header's
 * length (uint16 in version 1, uint32 in 2 and 3), then the header, a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }` padded with spaces to a multiple
 * of 64 bytes and ended by a newline, then the raw data.
 *
 * Hand-written (some 150 lines) because what npm offers either reads only (npyjs), pulls in a
 * numerical library, or does not validate a hostile header; this one checks everything before
 * any byte of data is used and reads little-endian data without copying where it is aligned.
 */

export class NpyError extends Error {
  override name = 'NpyError';
}

/** The dtypes these tables come in, as NumPy spells them (little-endian). */
export type NpyDtype = '<f4' | '<f8' | '<i4' | '<i8' | '<u4' | '|u1' | '|b1';

export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  /** The values in C (row-major) order; 64-bit integers as BigInt64Array. */
  readonly data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint32Array | Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEM_BYTES: Record<NpyDtype, number> = { '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8, '<u4': 4, '|u1': 1, '|b1': 1 };
/** NumPy writes `<` for little-endian and `|` where order does not apply; `=` is native. */
const DTYPE_ALIASES: Record<string, NpyDtype> = {
  '<f4': '<f4',
  '=f4': '<f4',
  '<f8': '<f8',
  '=f8': '<f8',
  '<i4': '<i4',
  '=i4': '<i4',
  '<i8': '<i8',
  '=i8': '<i8',
  '<u4': '<u4',
  '=u4': '<u4',
  '|u1': '|u1',
  '<u1': '|u1',
  '|b1': '|b1',
};

/** The header dict: exactly the three keys NumPy writes, with the values it can write. */
function parseHeader(text: string, name: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const match =
    /^\{\s*'descr'\s*:\s*'([^']+)'\s*,\s*'fortran_order'\s*:\s*(True|False)\s*,\s*'shape'\s*:\s*\(\s*((?:\d+\s*,\s*)*\d*)\s*\)\s*,?\s*\}\s*$/.exec(
      text,
    );
  if (!match) throw new NpyError(`${name}: not a NumPy .npy header (expected {'descr': …, 'fortran_order': …, 'shape': (…)}).`);
  const shape = match[3]!
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n))) throw new NpyError(`${name}: the shape (${match[3]}) is not a list of sizes.`);
  return { descr: match[1]!, fortranOrder: match[2] === 'True', shape };
}

/** Reads one `.npy` file; `name` goes into every message. Refuses big-endian data, Fortran order
 * (NumPy writes C order unless asked), object arrays and a file shorter than its shape says. */
export function readNpy(bytes: Uint8Array, name = 'the .npy file'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new NpyError(`${name}: not a NumPy .npy file (no \\x93NUMPY magic).`);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyError(`${name}: .npy format version ${major}.${bytes[7]} is not one NumPy writes (1 to 3).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : Infinity;
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyError(`${name}: cut off inside its header.`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const header = parseHeader(headerText, name);
  const dtype = DTYPE_ALIASES[header.descr];
  if (!dtype) throw new NpyError(`${name}: dtype ${header.descr} is not one of ${Object.keys(ITEM_BYTES).join(', ')} (little-endian).`);
  if (header.fortranOrder && header.shape.filter((n) => n > 1).length > 1)
    throw new NpyError(`${name}: the array is in Fortran order; save it in C order (np.ascontiguousarray) first.`);
  const count = header.shape.reduce((product, n) => product * n, 1);
  const byteLength = count * ITEM_BYTES[dtype];
  if (!Number.isSafeInteger(byteLength) || dataStart + byteLength > bytes.length)
    throw new NpyError(
      `${name}: shape (${header.shape.join(', ')}) needs ${byteLength.toLocaleString('en-US')} bytes of ${dtype} data, the file has ${(bytes.length - dataStart).toLocaleString('en-US')}: it is cut off.`,
    );
  return { dtype, shape: header.shape, data: typedView(bytes, dataStart, count, dtype) };
}

/** The data as a typed array: a view when aligned (the usual case: NumPy pads the header to 64
 * bytes), else a copy. Typed arrays are little-endian on every platform browsers run on. */
function typedView(bytes: Uint8Array, start: number, count: number, dtype: NpyDtype): NpyArray['data'] {
  const itemBytes = ITEM_BYTES[dtype];
  const offset = bytes.byteOffset + start;
  const aligned = offset % itemBytes === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(start, start + count * itemBytes).buffer;
  const at = aligned ? offset : 0;
  switch (dtype) {
    case '<f4':
      return new Float32Array(buffer, at, count);
    case '<f8':
      return new Float64Array(buffer, at, count);
    case '<i4':
      return new Int32Array(buffer, at, count);
    case '<i8':
      return new BigInt64Array(buffer, at, count);
    case '<u4':
      return new Uint32Array(buffer, at, count);
    case '|u1':
    case '|b1':
      return new Uint8Array(buffer, at, count);
  }
}

/** An array's values as float32 (factor tables), from any float dtype. */
export function asFloat32(array: NpyArray, name: string): Float32Array {
  if (array.data instanceof Float32Array) return array.data;
  if (array.data instanceof Float64Array) return Float32Array.from(array.data);
  throw new NpyError(`${name}: expected floats (<f4 or <f8), found ${array.dtype}.`);
}

/** An array's values as int32 ids, from int32 or int64 (NumPy's default integer); an id outside
 * int32's range is refused by value. */
export function asInt32(array: NpyArray, name: string): Int32Array {
  const { data } = array;
  if (data instanceof Int32Array) return data;
  if (data instanceof BigInt64Array || data instanceof Uint32Array) {
    const ids = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const value = Number(data[i]);
      if (value < -2147483648 || value > 2147483647)
        throw new NpyError(`${name}: id ${String(data[i])} at position ${i} does not fit in 32 bits.`);
      ids[i] = value;
    }
    return ids;
  }
  throw new NpyError(`${name}: expected integer ids (<i4 or <i8), found ${array.dtype}.`);
}

/** Writes a `.npy` file (format 1.0, as `np.save` does for these sizes): float32 or int32 data. */
export function writeNpy(data: Float32Array | Int32Array | Float64Array, shape: readonly number[]): Uint8Array<ArrayBuffer> {
  const count = shape.reduce((product, n) => product * n, 1);
  if (count !== data.length) throw new NpyError(`shape (${shape.join(', ')}) holds ${count} values, the data ${data.length}.`);
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : '<i4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Padded with spaces so that magic + version + length + header + newline is a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (header.length > 65535) throw new NpyError('the .npy header is too long for format 1.0.');
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
