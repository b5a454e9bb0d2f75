import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendInfo, BackendName } from './api';

/**
 * The only place that chooses a tfjs backend. Order: WebGPU (fast, custom kernels possible),
 * WebGL, then CPU. WASM is never chosen: it has no UnsortedSegmentSum/ScatterNd gradients
 * for embeddings, so it cannot train.
 */
async function webgpuUnavailableReason(): Promise<string | undefined> {
  if (!('gpu' in navigator) || navigator.gpu === undefined) {
    return 'WebGPU is not available in this browser (navigator.gpu is missing)';
  }
  try {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter ? undefined : 'WebGPU gave no adapter (no usable GPU or it is blocked)';
  } catch (error) {
    return `WebGPU adapter request failed: ${String(error)}`;
  }
}

async function trySetBackend(name: BackendName): Promise<string | undefined> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `${name} backend could not start`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return `${name} backend failed: ${String(error)}`;
  }
}

export async function selectBackend(preferred?: BackendName): Promise<BackendInfo> {
  const fallbackReasons: string[] = [];
  if (preferred && preferred !== 'webgpu') {
    // Asked for a slower backend (the bench's --backend): try it first, then the usual order.
    const failure = await trySetBackend(preferred);
    if (failure === undefined) return { backend: preferred, fallbackReasons: [`${preferred} was asked for`] };
    fallbackReasons.push(failure);
  }
  const webgpuProblem = await webgpuUnavailableReason();
  if (webgpuProblem === undefined) {
    const failure = await trySetBackend('webgpu');
    if (failure === undefined) {
      watchGpuDevice();
      return { backend: 'webgpu', fallbackReasons };
    }
    fallbackReasons.push(failure);
  } else {
    fallbackReasons.push(webgpuProblem);
  }
  const webglFailure = await trySetBackend('webgl');
  if (webglFailure === undefined) return { backend: 'webgl', fallbackReasons };
  fallbackReasons.push(webglFailure);
  const cpuFailure = await trySetBackend('cpu');
  if (cpuFailure !== undefined) throw new Error(`No TensorFlow.js backend could start: ${[...fallbackReasons, cpuFailure].join('; ')}`);
  return { backend: 'cpu', fallbackReasons };
}

/** Why the WebGPU device was lost, once it has been (undefined while it works). */
let gpuLost: string | undefined;

/** Listens for the loss of the WebGPU backend's device (driver reset, GPU removed, destroy()). */
export function watchGpuDevice(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as WebGPUBackend).device;
  void device.lost.then((info) => {
    gpuLost = info.message || `the device was ${info.reason ?? 'lost'}`;
  });
}

export function gpuLostReason(): string | undefined {
  return gpuLost;
}

/** After a lost device: a new WebGPU backend on a new device (the old one cannot be revived). */
export async function recoverWebGpu(): Promise<void> {
  const factory = tf.findBackendFactory('webgpu');
  if (!factory) throw new Error('the WebGPU backend is not registered');
  try {
    tf.removeBackend('webgpu');
  } catch {
    // Disposing a backend whose device is gone may fail; it is dropped either way.
  }
  tf.registerBackend('webgpu', factory, 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('WebGPU could not start again');
  await tf.ready();
  gpuLost = undefined;
  watchGpuDevice();
}
