import { describe, expect, it } from 'vitest';
import { adapterKindOf, chooseEngines } from './engine-choice';

describe('the engine choice', () => {
  it('reads the adapter from the backend the worker started', () => {
    expect(adapterKindOf({ backend: 'webgpu', softwareGpu: true })).toBe('software');
    expect(adapterKindOf({ backend: 'webgpu', softwareGpu: false })).toBe('hardware');
    expect(adapterKindOf({ backend: 'webgl' })).toBe('none');
    expect(adapterKindOf({ backend: 'cpu' })).toBe('none');
    expect(adapterKindOf(undefined)).toBe('none');
  });

  it('runs iALS and Gibbs on the CPU on a fallback (software) adapter, and says why', () => {
    const choice = chooseEngines('software');
    expect(choice.gpuForRowSolvers).toBe(false);
    expect(choice.note).toMatch(/CPU: this GPU is software/);
  });

  it('runs them on the CPU without WebGPU, whatever was asked', () => {
    expect(chooseEngines('none')).toMatchObject({ gpuForRowSolvers: false, note: expect.stringMatching(/no WebGPU/) });
    expect(chooseEngines('none', 'webgpu').gpuForRowSolvers).toBe(false);
  });

  it('keeps the WebGPU engines on a hardware adapter, with nothing to explain', () => {
    expect(chooseEngines('hardware')).toEqual({ gpuForRowSolvers: true, note: undefined });
  });

  it('follows an explicit preference where the adapter allows it', () => {
    expect(chooseEngines('software', 'webgpu')).toEqual({ gpuForRowSolvers: true, note: undefined });
    expect(chooseEngines('hardware', 'cpu')).toMatchObject({ gpuForRowSolvers: false, note: expect.stringMatching(/as asked/) });
  });
});
