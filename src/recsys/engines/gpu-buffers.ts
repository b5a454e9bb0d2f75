/**
 * The GPU-buffer bookkeeping every WebGPU trainer (biased MF, Gibbs, iALS) shares: buffers made
 * with their usage (and a label for GPU debuggers), written, bound, read back, counted (how many,
 * how many bytes) and freed in one place, so the trainers keep only their kernels and steps.
 */
export type GpuValues = Float32Array | Int32Array | Uint32Array;

/** Raised when a model does not fit this device's buffers; the caller uses another engine. */
export class DeviceTooSmallError extends Error {
  override name = 'DeviceTooSmallError';
}

/** The largest buffer this device binds as storage. */
export function largestBinding(device: GPUDevice): number {
  return Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
}

/** Throws DeviceTooSmallError when `bytes` exceed largestBinding (`what` names the model). */
export function checkFits(device: GPUDevice, bytes: number, what: string): void {
  const limit = largestBinding(device);
  if (bytes > limit)
    throw new DeviceTooSmallError(
      `${what} needs a ${(bytes / 2 ** 20).toFixed(0)} MiB buffer; this GPU allows ${(limit / 2 ** 20).toFixed(0)} MiB`,
    );
}

/** The GPU buffers one engine owns: made, written, read back and freed in one place. */
export class GpuBuffers {
  private readonly live: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {}

  /** Buffers held right now (0 after destroyAll). */
  get count(): number {
    return this.live.length;
  }

  /** Bytes of GPU memory the buffers held right now take. */
  get bytes(): number {
    return this.live.reduce((sum, buffer) => sum + buffer.size, 0);
  }

  create(size: number, usage: GPUBufferUsageFlags, label?: string): GPUBuffer {
    // WebGPU wants sizes in multiples of 4 bytes, and at least 4.
    const buffer = this.device.createBuffer({ size: Math.max(4, Math.ceil(size / 4) * 4), usage, ...(label !== undefined && { label }) });
    this.live.push(buffer);
    return buffer;
  }

  /** A storage buffer holding `values` (Int32 indices are non-negative, so their bytes read as the kernels' u32). */
  upload(values: GpuValues, usage: GPUBufferUsageFlags = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST): GPUBuffer {
    const buffer = this.create(values.byteLength, usage | GPUBufferUsage.COPY_DST);
    this.write(buffer, values);
    return buffer;
  }

  /** Writes a typed array's bytes without copying it (ml-25m's columns alone are 100 MB). */
  write(buffer: GPUBuffer, values: GpuValues, byteOffset = 0): void {
    if (values.byteLength > 0) this.device.queue.writeBuffer(buffer, byteOffset, values.buffer, values.byteOffset, values.byteLength);
  }

  async readFloat32(buffer: GPUBuffer, bytes: number = buffer.size): Promise<Float32Array<ArrayBuffer>> {
    const readback = this.create(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(buffer, 0, readback, 0, readback.size);
      this.device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      return new Float32Array(readback.getMappedRange().slice(0, bytes));
    } finally {
      readback.unmap();
      this.destroy(readback);
    }
  }

  /** A bind group of `buffers` at bindings 0, 1, …, for a pipeline's group 0 (or an explicit
   * layout); `uniformWindow` binds buffer 0 that many bytes at a time (a dynamic offset). */
  bindGroup(target: GPUComputePipeline | GPUBindGroupLayout, buffers: readonly GPUBuffer[], uniformWindow?: number): GPUBindGroup {
    return this.device.createBindGroup({
      layout: 'getBindGroupLayout' in target ? target.getBindGroupLayout(0) : target,
      entries: buffers.map((buffer, binding) => ({
        binding,
        resource: binding === 0 && uniformWindow !== undefined ? { buffer, size: uniformWindow } : { buffer },
      })),
    });
  }

  destroy(buffer: GPUBuffer): void {
    const at = this.live.indexOf(buffer);
    if (at >= 0) this.live.splice(at, 1);
    buffer.destroy();
  }

  destroyAll(): void {
    for (const buffer of this.live.splice(0)) buffer.destroy();
  }
}
