import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
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
    if (failure === undefined) return { backend: 'webgpu', fallbackReasons };
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
