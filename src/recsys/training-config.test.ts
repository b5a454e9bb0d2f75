import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG, sizedDefaults } from './training-config';

const GPU = { hardwareGpu: true };

describe('sizedDefaults', () => {
  it('keeps the defaults where the kernels run on the CPU (SwiftShader, no WebGPU), whatever the size', () => {
    expect(sizedDefaults(20_000_076, { hardwareGpu: false })).toBe(DEFAULT_TRAINING_CONFIG);
  });

  it('keeps the defaults on a GPU for training sets up to ~4M ratings', () => {
    for (const trainCount of [0, 18_000, 80_669, 800_000, 4_000_000]) expect(sizedDefaults(trainCount, GPU)).toBe(DEFAULT_TRAINING_CONFIG);
  });

  it('doubles the batch while ~2,000 steps per epoch remain, up to 16,384, with Adam’s rate × √(batch / 1,024)', () => {
    expect(sizedDefaults(8_000_000, GPU)).toMatchObject({ batchSize: 2048, learningRate: 0.0042 });
    const ml25m = sizedDefaults(20_000_076, GPU);
    expect(ml25m).toMatchObject({ batchSize: 8192, learningRate: 0.0085 });
    expect(20_000_076 / ml25m.batchSize).toBeGreaterThanOrEqual(2000);
    expect(sizedDefaults(400_000_000, GPU)).toMatchObject({ batchSize: 16384, learningRate: 0.012 });
    // Everything else stays as it was.
    expect({ ...ml25m, batchSize: 1024, learningRate: 0.003 }).toEqual(DEFAULT_TRAINING_CONFIG);
  });
});
