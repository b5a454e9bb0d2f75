/**
 * Which engine each model trains on, from what the adapter is. Pure: the worker asks it with the
 * backend it started, the page with the backend it was told about, the tests with made-up ones.
 *
 * Measured on a 2-core machine without a GPU, where WebGPU is SwiftShader (a software adapter that
 * runs every kernel on the same CPU cores as the worker), ml-latest-small, the bench in Chromium,
 * one run each (2026-12-06):
 *   - iALS (k 128, 3 CG steps) per sweep: 0.92–1.25 s on SwiftShader, 0.48 s on the CPU on one
 *     thread, 0.29 s on two (worker/services/parallel-ials.ts);
 *   - Gibbs (k 32) per sweep, with the epoch's RMSEs: 1.05 s on SwiftShader, 0.39 s on the CPU on
 *     one thread, 0.13 s on two (worker/services/parallel-gibbs.ts).
 * So on a software adapter the CPU engines win by 2.7–8×, and the WebGPU ones are kept for
 * hardware GPUs, where their kernels run on the GPU's own cores. Gradient MF (Adam/SGD) keeps its
 * fused WebGPU kernels on every adapter: its CPU alternative is tfjs autodiff, whose gradient
 * is a dense scatter over the whole table per step.
 */
export type EnginePreference = 'auto' | 'webgpu' | 'cpu';

/** What the worker's WebGPU adapter is: none (another backend), a software one, or a GPU. */
export type AdapterKind = 'none' | 'software' | 'hardware';

export interface EngineChoice {
  /** iALS and Gibbs sampling get the WebGPU device (else their CPU engines). */
  readonly gpuForRowSolvers: boolean;
  /** Why the CPU engines were chosen, to show beside the backend; undefined on a GPU. */
  readonly note: string | undefined;
}

export function adapterKindOf(backend: { readonly backend: string; readonly softwareGpu?: boolean } | undefined): AdapterKind {
  if (backend?.backend !== 'webgpu') return 'none';
  return backend.softwareGpu ? 'software' : 'hardware';
}

export function chooseEngines(adapter: AdapterKind, preference: EnginePreference = 'auto'): EngineChoice {
  if (adapter === 'none') return { gpuForRowSolvers: false, note: 'iALS and Gibbs run on the CPU: no WebGPU here' };
  if (preference === 'webgpu') return { gpuForRowSolvers: true, note: undefined };
  if (preference === 'cpu') return { gpuForRowSolvers: false, note: 'iALS and Gibbs run on the CPU, as asked' };
  if (adapter === 'software') {
    return { gpuForRowSolvers: false, note: 'iALS and Gibbs run on the CPU: this GPU is software (3–8× slower here)' };
  }
  return { gpuForRowSolvers: true, note: undefined };
}
