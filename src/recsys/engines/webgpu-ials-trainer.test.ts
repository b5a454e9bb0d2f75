import { afterAll, describe, expect, it } from 'vitest';
import { demoSplit } from '../../test-support/demo-split';
import { nodeGpuDevice } from '../../test-support/node-webgpu';
import {
  DEFAULT_IALS_CONFIG,
  gramMatrix,
  ialsIteration,
  initialIalsFactors,
  prepareIalsData,
  rowRegularization,
  rowSystem,
  type IalsConfig,
  type IalsModel,
  type WeightedRows,
} from '../models/ials';
import { solveSymmetricPositiveDefinite } from '../personal';
import { isSoftwareDevice, type SolverKind } from './webgpu-ials-kernels';
import { WebGpuIalsTrainer } from './webgpu-ials-trainer';
import { DeviceTooSmallError } from './gpu-buffers';

const gpu = await nodeGpuDevice();
const device = 'device' in gpu ? gpu.device : undefined;
if (!device) console.warn(`Skipping the WebGPU iALS kernel tests: ${'skipReason' in gpu ? gpu.skipReason : ''}`);

// 150 users: the last CG group of 4 rows is half empty.
const { split, size } = demoSplit({ seed: 4, userCount: 150, movieCount: 300, meanRatingsPerUser: 40 }, 5);
const SOLVERS: readonly SolverKind[] = ['wide', 'narrow'];
const data = prepareIalsData(split.train, size);

// Dawn aborts the test process if it exits with GPU work in flight.
afterAll(async () => {
  await device?.queue.onSubmittedWorkDone();
});

function longestRow(rows: WeightedRows): number {
  let longest = 0;
  for (let r = 0; r + 1 < rows.offsets.length; r++) longest = Math.max(longest, rows.offsets[r + 1]! - rows.offsets[r]!);
  return longest;
}

function startingModel(config: IalsConfig): IalsModel {
  return { ...size, factors: config.factors, ...initialIalsFactors(size, config), meanRating: data.meanRating };
}

/** max |a − b| over both tables, and the largest |factor| of `b` (the scale it is judged against). */
function compare(a: IalsModel, b: IalsModel): { difference: number; scale: number } {
  let difference = 0;
  let scale = 0;
  for (const key of ['userFactors', 'movieFactors'] as const) {
    for (let j = 0; j < b[key].length; j++) {
      difference = Math.max(difference, Math.abs(a[key][j]! - b[key][j]!));
      scale = Math.max(scale, Math.abs(b[key][j]!));
    }
  }
  return { difference, scale };
}

it('refuses data that does not fit the device buffers, before allocating any', () => {
  const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 8 };
  const tiny = { limits: { maxStorageBufferBindingSize: 1024, maxBufferSize: 1 << 30 } } as unknown as GPUDevice;
  expect(() => new WebGpuIalsTrainer(tiny, data, config, initialIalsFactors(size, config))).toThrow(DeviceTooSmallError);
});

it('takes SwiftShader and fallback adapters for CPU rasterisers, other adapters for GPUs', () => {
  const withInfo = (adapterInfo?: Partial<GPUAdapterInfo>) => ({ adapterInfo }) as unknown as GPUDevice;
  expect(isSoftwareDevice(withInfo({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: false }))).toBe(true);
  expect(isSoftwareDevice(withInfo({ vendor: '', architecture: '', description: 'SwiftShader driver 5.0.0' }))).toBe(true);
  expect(isSoftwareDevice(withInfo({ vendor: 'microsoft', architecture: '', isFallbackAdapter: true }))).toBe(true);
  expect(isSoftwareDevice(withInfo({ vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: false }))).toBe(false);
  expect(isSoftwareDevice(withInfo(undefined))).toBe(false);
});

describe.skipIf(!device)('WebGpuIalsTrainer (WGSL kernels, on WebGPU in Node)', () => {
  it('has rows longer than one 64-entry chunk on both sides', () => {
    expect(longestRow(data.byUser)).toBeGreaterThan(64);
    expect(longestRow(data.byMovie)).toBeGreaterThan(64);
  });

  it('picks the CG shape from the adapter', () => {
    const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 8 };
    const trainer = new WebGpuIalsTrainer(device as GPUDevice, data, config, initialIalsFactors(size, config));
    expect(trainer.solver).toBe(isSoftwareDevice(device as GPUDevice) ? 'narrow' : 'wide');
    trainer.dispose();
  });

  for (const [solver, factors] of SOLVERS.flatMap((solver) => [8, 70].map((factors) => [solver, factors] as const))) {
    it(`matches the CPU reference sweep for sweep (${solver} CG, k = ${factors})`, async () => {
      const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors, seed: 3 };
      const reference = startingModel(config);
      const trainer = new WebGpuIalsTrainer(device as GPUDevice, data, config, initialIalsFactors(size, config), { solver });
      let done = 0;
      for (const iterations of [1, 5]) {
        for (; done < iterations; done++) {
          ialsIteration(reference, data, config);
          trainer.iterate();
        }
        const { difference, scale } = compare(await trainer.readModel(), reference);
        console.log(
          `${solver} k ${factors}, ${iterations} sweeps: max |GPU − CPU| ${difference.toExponential(2)}, max |factor| ${scale.toFixed(3)}`,
        );
        expect(difference / scale).toBeLessThan(1e-4);
      }
      trainer.dispose();
    });
  }

  it.each(SOLVERS)('solves each row exactly with k CG steps (the direct solve of its system; %s CG)', async (solver) => {
    const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 8, conjugateGradientSteps: 8, seed: 1 };
    const k = config.factors;
    const start = startingModel(config);
    const trainer = new WebGpuIalsTrainer(device as GPUDevice, data, config, start, { solver });
    trainer.iterate();
    const once = await trainer.readModel();
    trainer.dispose();
    const gram = gramMatrix(start.movieFactors, size.movieCount, k);
    let worst = 0;
    // 149: the last group's second (and last) row.
    for (const user of [0, 7, 42, 149]) {
      const from = data.byUser.offsets[user]!;
      const to = data.byUser.offsets[user + 1]!;
      const entries = Array.from({ length: to - from }, (_, e) => ({
        column: data.byUser.columns[from + e]!,
        weight: data.byUser.weights[from + e]!,
      }));
      const ridge = rowRegularization(config, entries.length, size.movieCount);
      const { a, b } = rowSystem(gram, start.movieFactors, k, entries, ridge, config.unobservedWeight);
      const direct = solveSymmetricPositiveDefinite(a, b, k);
      for (let f = 0; f < k; f++) worst = Math.max(worst, Math.abs(once.userFactors[user * k + f]! - direct[f]!));
    }
    console.log(`k CG steps vs direct solve: max difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('scores users against every movie as CPU dot products, chunk by chunk', async () => {
    const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 70, seed: 2 };
    const k = config.factors;
    const start = startingModel(config);
    // Chunks of 10 users' scores: 25 users take three, the last one short.
    const trainer = new WebGpuIalsTrainer(device as GPUDevice, data, config, start, { scoreChunkBytes: 10 * size.movieCount * 4 });
    const users = Int32Array.from({ length: 25 }, (_, s) => (s * 37) % size.userCount);
    const scores = await trainer.scoreUsers(users);
    trainer.dispose();
    expect(scores.length).toBe(users.length * size.movieCount);
    let worst = 0;
    for (let s = 0; s < users.length; s++) {
      const u = users[s]!;
      for (let i = 0; i < size.movieCount; i++) {
        let dot = 0;
        for (let f = 0; f < k; f++) dot += start.userFactors[u * k + f]! * start.movieFactors[i * k + f]!;
        worst = Math.max(worst, Math.abs(scores[s * size.movieCount + i]! - dot));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it(`needs 6 dispatches per sweep and frees every GPU buffer on dispose`, async () => {
    const prototype = (globalThis as unknown as { GPUComputePassEncoder: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder
      .prototype;
    const original = prototype.dispatchWorkgroups;
    let dispatches = 0;
    prototype.dispatchWorkgroups = function (
      this: GPUComputePassEncoder,
      ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>
    ) {
      dispatches++;
      return original.apply(this, args);
    };
    try {
      const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 16 };
      const trainer = new WebGpuIalsTrainer(device as GPUDevice, data, config, initialIalsFactors(size, config));
      const created = trainer.liveBufferCount;
      trainer.iterate();
      trainer.iterate();
      await trainer.scoreUsers(Int32Array.of(0, 1, 2));
      await trainer.readModel();
      await trainer.finished();
      expect(trainer.dispatchesPerIteration).toBe(6);
      expect(dispatches).toBe(2 * trainer.dispatchesPerIteration + 1);
      expect(trainer.liveBufferCount).toBe(created);
      trainer.dispose();
      trainer.dispose();
      expect(trainer.liveBufferCount).toBe(0);
    } finally {
      prototype.dispatchWorkgroups = original;
    }
  });
});
