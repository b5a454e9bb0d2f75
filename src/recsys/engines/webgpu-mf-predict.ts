/**
 * The MF trainer's evaluation: clipped predictions for a whole split, in chunks of rows, each a
 * dispatch of the predict kernel and one readback. Its buffers are the trainer's GpuBuffers, so
 * they are counted with the rest and freed when the split is done.
 */
import type { RatingColumns } from '../dataset';
import type { GpuBuffers } from './gpu-buffers';
import { dispatchThreads, type MfPipelines } from './webgpu-mf-kernels';

/** Rows predicted per dispatch when evaluating a whole split. */
const PREDICT_CHUNK = 1 << 18;

export interface PredictResources {
  readonly device: GPUDevice;
  readonly buffers: GpuBuffers;
  readonly pipelines: MfPipelines;
  /** The packed table of user then movie rows (webgpu-mf-table.ts). */
  readonly table: GPUBuffer;
  /** The predict kernel's uniform. */
  readonly params: GPUBuffer;
}

/** Predictions for every row of `columns`; `paramsFor(size)` is the uniform for a chunk of `size` rows. */
export async function predictOnGpu(
  { device, buffers, pipelines, table, params }: PredictResources,
  columns: RatingColumns,
  userCount: number,
  paramsFor: (size: number) => ArrayBuffer,
): Promise<Float32Array> {
  const n = columns.rating.length;
  const out = new Float32Array(n);
  const chunk = Math.min(PREDICT_CHUNK, Math.max(n, 1));
  const pairRows = buffers.create(2 * chunk * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, 'mf predict rows');
  const predictions = buffers.create(chunk * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, 'mf predictions');
  const readback = buffers.staging(chunk * 4, 'mf predictions readback');
  const bindGroup = buffers.bindGroup(pipelines.predict, [params, table, pairRows, predictions]);
  const host = new Int32Array(2 * chunk);
  try {
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      for (let j = 0; j < size; j++) {
        host[j] = columns.user[start + j]!;
        host[size + j] = userCount + columns.movie[start + j]!;
      }
      buffers.write(pairRows, host.subarray(0, 2 * size));
      buffers.write(params, paramsFor(size));
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      dispatchThreads(pass, pipelines.predict, bindGroup, size);
      pass.end();
      encoder.copyBufferToBuffer(predictions, 0, readback, 0, size * 4);
      device.queue.submit([encoder.finish()]);
      await buffers.readInto(readback, size * 4, out, start);
    }
  } finally {
    buffers.destroy(pairRows, predictions, readback);
  }
  return out;
}
