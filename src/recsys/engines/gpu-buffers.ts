export type GpuValues = Float32Array | Int32Array | Uint32Array;

/** The GPU buffers one engine owns: made, written, read back and freed in one place. */
export class GpuBuffers {
  private readonly live: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {}

  /** Buffers held right now (0 after destroyAll). */
  get count(): number {
    return this.live.length;
  }

  create(size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    // WebGPU wants sizes in multiples of 4 bytes, and at least 4.
    const buffer = this.device.createBuffer({ size: Math.max(4, Math.ceil(size / 4) * 4), usage });
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

  bindGroup(pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
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
