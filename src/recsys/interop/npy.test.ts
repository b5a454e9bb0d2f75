import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { asFloat32, asInt32, NpyError, readNpy, writeNpy } from './npy';
import { readNpz, writeNpz } from './npz';

/** A .npy file as NumPy lays it out, built by hand from the format's description. */
function npyBytes(header: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const padded = header + ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(prefix + padded.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) out[prefix + i] = padded.charCodeAt(i);
  out.set(data, prefix + padded.length);
  return out;
}

describe('.npy', () => {
  it('writes the bytes np.save writes: a 64-byte aligned 1.0 header, then the raw values', () => {
    const bytes = writeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    // np.save(f, np.arange(1, 7, dtype='<f4').reshape(3, 2)) gives a 128-byte prefix: header length 118 ('v').
    expect(bytes.length).toBe(128 + 24);
    expect(Array.from(bytes.subarray(0, 10))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
    const header = new TextDecoder().decode(bytes.subarray(10, 128));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }");
    expect(header.endsWith('\n')).toBe(true);
    expect(Array.from(new Float32Array(bytes.buffer.slice(128)))).toEqual([1, 2, 3, 4, 5, 6]);
    // One-dimensional shapes have NumPy's trailing comma.
    const ids = writeNpy(new Int32Array([7, 8]), [2]);
    expect(new TextDecoder().decode(ids.subarray(10, 80))).toContain("'shape': (2,), }");
  });

  it('reads back what it writes, bit for bit, and reads format 2.0 headers and float64 / int64 data', () => {
    const values = Float32Array.from({ length: 12 }, (_, i) => Math.fround(Math.sin(i) * 1e-3));
    const back = readNpy(writeNpy(values, [4, 3]));
    expect(back.shape).toEqual([4, 3]);
    expect(back.dtype).toBe('<f4');
    expect(new Uint32Array((back.data as Float32Array).slice().buffer)).toEqual(new Uint32Array(values.buffer));

    const doubles = new Float64Array([0.5, -2.25]);
    const wide = readNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(doubles.buffer), 2));
    expect(Array.from(asFloat32(wide, 'x'))).toEqual([0.5, -2.25]);
    const longs = new BigInt64Array([1n, 2147483647n, -5n]);
    const ids = readNpy(npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", new Uint8Array(longs.buffer)));
    expect(Array.from(asInt32(ids, 'ids'))).toEqual([1, 2147483647, -5]);
  });

  it('refuses what it cannot read faithfully, each with its reason', () => {
    const good = writeNpy(new Float32Array(6), [3, 2]);
    expect(() => readNpy(good.subarray(0, good.length - 1), 'u.npy')).toThrow(/u\.npy: .*needs 24 bytes.*has 23: it is cut off/);
    expect(() => readNpy(good.subarray(0, 40), 'u.npy')).toThrow(/cut off inside its header/);
    expect(() => readNpy(new TextEncoder().encode('userId,movieId\n1,2\n'), 'u.npy')).toThrow(/not a NumPy \.npy file/);
    const bigEndian = npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(8));
    expect(() => readNpy(bigEndian, 'b.npy')).toThrow(/dtype >f4 is not one of/);
    const fortran = npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new Uint8Array(16));
    expect(() => readNpy(fortran, 'f.npy')).toThrow(/Fortran order/);
    const objects = npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(16));
    expect(() => readNpy(objects, 'o.npy')).toThrow(/dtype \|O/);
    const hostile = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (__import__('os'),), }", new Uint8Array(4));
    expect(() => readNpy(hostile, 'h.npy')).toThrow(/not a NumPy \.npy header/);
    const huge = npyBytes(
      "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
      new Uint8Array(new BigInt64Array([1n << 40n]).buffer),
    );
    expect(() => asInt32(readNpy(huge), 'ids')).toThrow(/id 1099511627776 at position 0 does not fit in 32 bits/);
    expect(() => asFloat32(readNpy(writeNpy(new Int32Array(2), [2])), 'factors')).toThrow(/expected floats/);
    expect(() => writeNpy(new Float32Array(5), [3, 2])).toThrow(NpyError);
  });
});

describe('.npz', () => {
  it('round-trips named arrays, and reads np.savez_compressed (deflated) archives too', () => {
    const factors = Float32Array.from({ length: 6 }, (_, i) => i / 7);
    const archive = writeNpz({ user_factors: { data: factors, shape: [2, 3] }, user_ids: { data: new Int32Array([10, 20]), shape: [2] } });
    const arrays = readNpz(archive);
    expect([...arrays.keys()].sort()).toEqual(['user_factors', 'user_ids']);
    expect(Array.from(arrays.get('user_factors')!.data as Float32Array)).toEqual(Array.from(factors));
    expect(arrays.get('user_factors')!.shape).toEqual([2, 3]);

    const compressed = zipSync({ 'item_factors.npy': [writeNpy(factors, [3, 2]), { level: 9 }] });
    expect(readNpz(compressed).get('item_factors')!.shape).toEqual([3, 2]);
  });

  it('reads only the arrays asked for, so settings saved as strings (implicit writes dtype as <U7) do not stop it', () => {
    // The layout implicit 0.7.3's model.save writes (listed from a real save): factor tables,
    // then its settings as 0-d arrays, one of them a unicode string.
    const unicode = new Uint8Array(28);
    'float32'.split('').forEach((c, i) => (unicode[i * 4] = c.charCodeAt(0)));
    const archive = zipSync({
      'user_factors.npy': [writeNpy(new Float32Array(8), [2, 4]), { level: 0 }],
      'item_factors.npy': [writeNpy(new Float32Array(12), [3, 4]), { level: 0 }],
      'factors.npy': [
        npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", new Uint8Array(new BigInt64Array([4n]).buffer)),
        { level: 0 },
      ],
      'dtype.npy': [npyBytes("{'descr': '<U7', 'fortran_order': False, 'shape': (), }", unicode), { level: 0 }],
    });
    expect(() => readNpz(archive, 'model.npz')).toThrow(/dtype <U7/);
    const arrays = readNpz(archive, 'model.npz', ['user_factors', 'item_factors', 'factors']);
    expect([...arrays.keys()].sort()).toEqual(['factors', 'item_factors', 'user_factors']);
    expect(arrays.get('factors')!.shape).toEqual([]);
    expect(Array.from(asInt32(arrays.get('factors')!, 'factors'))).toEqual([4]);
  });

  it('refuses an archive that is not a zip or holds no arrays', () => {
    expect(() => readNpz(new Uint8Array([1, 2, 3]), 'm.npz')).toThrow(/m\.npz: not a readable \.npz/);
    expect(() => readNpz(zipSync({ 'README.txt': new Uint8Array([65]) }), 'm.npz')).toThrow(/holds no \.npy arrays/);
  });
});
