import { describe, expect, it, vi } from 'vitest';

/**
 * tfjs's engine in the one state that matters here: between removing a lost WebGPU backend and
 * the new one finishing `setBackend`, every call that reaches the backend throws (as
 * `engine.backend` does while `pendingBackendInit` is set). A real WebGPU backend cannot be
 * lost on demand in Node, so the engine is modelled; the e2e gpu-lost spec covers the browser.
 */
const engine = vi.hoisted(() => {
  const state = {
    backendName: 'cpu',
    pending: false,
    finishSetBackend: undefined as (() => void) | undefined,
  };
  return {
    state,
    api: {
      findBackendFactory: () => () => ({}),
      removeBackend: () => undefined,
      registerBackend: () => true,
      getBackend: () => state.backendName,
      backend: () => ({}),
      ready: async () => undefined,
      setBackend: (name: string) => {
        state.backendName = name;
        if (name !== 'webgpu') return Promise.resolve(true);
        state.pending = true;
        return new Promise<boolean>((resolve) => {
          state.finishSetBackend = () => {
            state.pending = false;
            resolve(true);
          };
        });
      },
      memory: () => {
        if (state.pending) throw new Error(`Backend '${state.backendName}' has not yet been initialized.`);
        return { numTensors: 3, numBytes: 12 };
      },
    },
  };
});

vi.mock('@tensorflow/tfjs', () => engine.api);
vi.mock('@tensorflow/tfjs-backend-webgpu', () => ({}));

const { ComputeBackend } = await import('./backend');

describe('ComputeBackend during a WebGPU recovery', () => {
  it('holds memory() until the new backend is ready instead of letting tfjs throw', async () => {
    const backend = new ComputeBackend();
    await backend.ready('cpu');
    const recovered = backend.recoverWebGpu();
    const sharedRecovery = backend.recoverWebGpu();
    expect(sharedRecovery).toBe(recovered);
    let answered = false;
    const memory = backend.memory().then((info) => {
      answered = true;
      return info;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(false);
    engine.state.finishSetBackend?.();
    await recovered;
    await expect(memory).resolves.toEqual({ numTensors: 3, numBytes: 12, numBytesInGpu: undefined });
    // Once over, memory() answers at once again.
    await expect(backend.memory()).resolves.toMatchObject({ numTensors: 3 });
  });
});
