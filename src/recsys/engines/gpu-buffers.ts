/**
 * The GPU-buffer bookkeeping every WebGPU trainer (biased MF, Gibbs, iALS) shares: buffers made
 * with their usage and a label (for GPU debuggers; labels change nothing else), written, copied,
 * bound, read back, counted (how many, how many bytes) and freed in one place, so the trainers
 * keep only their kernels and steps.
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
  private readonly live = new Set<GPUBuffer>();
  private liveBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Buffers held right now (0 after destroyAll). */
  get count(): number {
    return this.live.size;
  }

  /** Bytes of GPU memory the buffers held right now take (0 after destroyAll). */
  get bytes(): number {
    return this.liveBytes;
  }

  /** A zero-filled buffer of `size` bytes, rounded up to WebGPU's multiple of 4 (at least 4). */
  create(size: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const buffer = this.device.createBuffer({ size: Math.max(4, Math.ceil(size / 4) * 4), usage, label });
    this.live.add(buffer);
    this.liveBytes += buffer.size;
    return buffer;
  }

  /** A storage buffer holding `values` (Int32 indices are non-negative, so their bytes read as the kernels' u32). */
  upload(values: GpuValues, label: string, usage: GPUBufferUsageFlags = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST): GPUBuffer {
    const buffer = this.create(values.byteLength, usage | GPUBufferUsage.COPY_DST, label);
    this.write(buffer, values);
    return buffer;
  }

  /** Queues a write of a typed array's bytes, or of a host uniform's (an ArrayBuffer), without
   * copying it first (ml-25m's columns alone are 100 MB); `byteLength` writes only the first bytes. */
  write(buffer: GPUBuffer, data: GpuValues | ArrayBuffer, byteOffset = 0, byteLength = data.byteLength): void {
    if (byteLength === 0) return;
    if (ArrayBuffer.isView(data)) this.device.queue.writeBuffer(buffer, byteOffset, data.buffer, data.byteOffset, byteLength);
    else this.device.queue.writeBuffer(buffer, byteOffset, data, 0, byteLength);
  }

  /** Queues a copy of `source`'s first `bytes` into `target`, in a submission of its own. */
  copy(source: GPUBuffer, target: GPUBuffer, bytes: number = source.size): void {
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
  }

  /** A buffer the CPU maps to read (readInto): the target of a copy, reused chunk after chunk. */
  staging(size: number, label: string): GPUBuffer {
    return this.create(size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label);
  }

  /** Once the copy into `staging` was submitted: its first `bytes` into `out` from float `at`. */
  async readInto(staging: GPUBuffer, bytes: number, out: Float32Array, at: number): Promise<void> {
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    out.set(new Float32Array(staging.getMappedRange(0, bytes)), at);
    staging.unmap();
  }

  /** A buffer's first `bytes` as floats, through a staging buffer freed right after. */
  async readFloat32(buffer: GPUBuffer, bytes: number = buffer.size): Promise<Float32Array<ArrayBuffer>> {
    const readback = this.staging(bytes, `${buffer.label} readback`);
    try {
      this.copy(buffer, readback, readback.size);
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

  /** Frees buffers before the rest (an evaluation's or a readback's temporaries). */
  destroy(...buffers: GPUBuffer[]): void {
    for (const buffer of buffers) {
      if (this.live.delete(buffer)) this.liveBytes -= buffer.size;
      buffer.destroy();
    }
  }

  /** Frees every buffer still held (a trainer's dispose). */
  destroyAll(): void {
    for (const buffer of this.live) buffer.destroy();
    this.live.clear();
    this.liveBytes = 0;
  }
}
