import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { isSoftwareDevice } from '../recsys/engines/webgpu-ials-kernels';
import type { BackendInfo, BackendName, MemoryInfo, Outcome } from './api';

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

async function selectBackend(preferred?: BackendName): Promise<BackendInfo> {
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
      return { backend: 'webgpu', fallbackReasons, softwareGpu: isSoftwareDevice((tf.backend() as WebGPUBackend).device) };
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

/**
 * The compute backend of the worker: which tfjs backend runs, and the WebGPU device the fused
 * kernels share with it. Nothing calls tfjs before `ready()` has settled.
 */
export class ComputeBackend {
  private selection: Promise<BackendInfo> | undefined;
  private readonly selected: Promise<BackendInfo>;
  private resolveSelected: (info: BackendInfo) => void = () => undefined;
  /** Why the WebGPU device was lost, once it has been (undefined while it works). */
  private lostReason: string | undefined;
  /** A new WebGPU backend being started after a loss. While it runs tfjs has no initialised
   * backend and throws on any call, so every tfjs entry here waits for it (settled or not). */
  private recovery: Promise<void> | undefined;

  constructor() {
    this.selected = new Promise((resolve) => {
      this.resolveSelected = resolve;
    });
  }

  /** The first call chooses (WebGPU, WebGL, then CPU; `preferred` first); later calls answer
   * the same choice. */
  ready(preferred?: BackendName): Promise<BackendInfo> {
    this.selection ??= selectBackend(preferred).then((info) => {
      this.watchGpuDevice();
      this.resolveSelected(info);
      return info;
    });
    return this.selection;
  }

  /** ready() as an answer the page can show: no backend at all is a failure, not a throw. */
  async start(preferred?: BackendName): Promise<Outcome<BackendInfo>> {
    try {
      return { ok: true, ...(await this.ready(preferred)) };
    } catch (error) {
      return { ok: false, code: 'no-backend', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The tfjs WebGPU backend's own device, on which the fused MF kernels run; undefined on
   * other backends. */
  get gpuDevice(): GPUDevice | undefined {
    return tf.getBackend() === 'webgpu' ? (tf.backend() as WebGPUBackend).device : undefined;
  }

  get gpuLostReason(): string | undefined {
    return this.lostReason;
  }

  /** After a lost device: a new WebGPU backend on a new device (the old one cannot be revived).
   * Concurrent callers share one recovery. */
  recoverWebGpu(): Promise<void> {
    this.recovery ??= this.startNewWebGpu().finally(() => {
      this.recovery = undefined;
    });
    return this.recovery;
  }

  private async startNewWebGpu(): Promise<void> {
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
    this.lostReason = undefined;
    this.watchGpuDevice();
  }

  /** Settles once no recovery is running: what every tfjs call outside a job waits for. */
  private async settled(): Promise<void> {
    await this.selected;
    // A failed recovery is reported by the training that asked for it; here it only must be over.
    await this.recovery?.catch(() => undefined);
  }

  /** Live tensors and bytes, once a backend is ready: asked earlier or during a recovery, it
   * waits (tfjs throws when called before its backend is initialised). */
  async memory(): Promise<MemoryInfo> {
    await this.settled();
    const info = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { numTensors: info.numTensors, numBytes: info.numBytes, numBytesInGpu: info.numBytesInGPU };
  }

  /** Listens for the loss of the WebGPU backend's device (driver reset, GPU removed, destroy()). */
  private watchGpuDevice(): void {
    const device = this.gpuDevice;
    if (!device) return;
    void device.lost.then((info) => {
      this.lostReason = info.message || `the device was ${info.reason ?? 'lost'}`;
    });
  }
}
