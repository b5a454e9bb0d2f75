/**
 * A WebGPU device in Node (Dawn, from the `webgpu` package) for tests of the WGSL kernels, or the
 * reason there is none (then those tests are skipped with that reason). In this project it runs
 * on SwiftShader from Debian's chromium package, set up in vitest.config.ts.
 */
// Dawn's instance must outlive its devices: if it is garbage-collected, later GPU calls abort
// the process. Held here for the life of the test process.
let dawnInstance: GPU | undefined;

export async function nodeGpuDevice(): Promise<{ device: GPUDevice } | { skipReason: string }> {
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    dawnInstance ??= create([]);
    const adapter = await dawnInstance.requestAdapter();
    if (!adapter) {
      return { skipReason: 'no WebGPU adapter in Node (needs a Vulkan driver: apt-get install chromium, which ships SwiftShader)' };
    }
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device };
  } catch (error) {
    return { skipReason: `WebGPU for Node could not start: ${String(error)}` };
  }
}
