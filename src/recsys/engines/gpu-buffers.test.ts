import { afterAll, describe, expect, it } from 'vitest';
import { nodeGpuDevice } from '../../test-support/node-webgpu';
import { GpuBuffers } from './gpu-buffers';

const gpu = await nodeGpuDevice();
const device = 'device' in gpu ? gpu.device : undefined;
if (!device) console.warn(`Skipping the GpuBuffers tests: ${'skipReason' in gpu ? gpu.skipReason : ''}`);

// Dawn aborts the test process if it exits with GPU work in flight.
afterAll(async () => {
  await device?.queue.onSubmittedWorkDone();
});

describe.skipIf(!device)('GpuBuffers (on WebGPU in Node)', () => {
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

  it('counts live buffers and bytes, rounds sizes to 4, labels, frees early and all', () => {
    const buffers = new GpuBuffers(device as GPUDevice);
    const a = buffers.create(10, STORAGE, 'a');
    const b = buffers.upload(Int32Array.of(1, 2, 3), 'b', STORAGE);
    const c = buffers.staging(0, 'c');
    expect([a.size, b.size, c.size]).toEqual([12, 12, 4]);
    expect(a.label).toBe('a');
    expect([buffers.count, buffers.bytes]).toEqual([3, 28]);
    buffers.destroy(a, c);
    buffers.destroy(a); // twice: counted once
    expect([buffers.count, buffers.bytes]).toEqual([1, 12]);
    buffers.destroyAll();
    expect([buffers.count, buffers.bytes]).toEqual([0, 0]);
  });

  it('writes (a typed array, or an ArrayBuffer’s first bytes at an offset), copies and reads back', async () => {
    const buffers = new GpuBuffers(device as GPUDevice);
    const source = buffers.upload(Float32Array.of(1, 2, 3, 4), 'source', STORAGE);
    buffers.write(source, Float32Array.of(9, 8, 7).subarray(1), 4); // 8, 7 at floats 1, 2
    buffers.write(source, Float32Array.of(5, 6).buffer, 12, 4); // 5 at float 3
    expect(Array.from(await buffers.readFloat32(source))).toEqual([1, 8, 7, 5]);
    const copy = buffers.create(16, STORAGE, 'copy');
    buffers.copy(source, copy, 8);
    const staging = buffers.staging(16, 'staging');
    const encoder = device!.createCommandEncoder();
    encoder.copyBufferToBuffer(copy, 0, staging, 0, 16);
    device!.queue.submit([encoder.finish()]);
    const out = new Float32Array(6).fill(-1);
    await buffers.readInto(staging, 16, out, 1);
    expect(Array.from(out)).toEqual([-1, 1, 8, 0, 0, -1]);
    expect(buffers.count).toBe(3); // readFloat32's staging buffer is gone
    buffers.destroyAll();
  });
});
