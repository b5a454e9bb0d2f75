import { describe, expect, it } from 'vitest';
import { decodeModelFile, encodeModelFile, MODEL_MAGIC, ModelFileError, sameIds, type ModelFile } from './model-file';
import { initialMfWeights } from './models/mf-weights';
import { DEFAULT_TRAINING_CONFIG } from './training-config';

function sample(): ModelFile {
  const weights = initialMfWeights({ userCount: 3, movieCount: 5, factors: 4 }, 3.5, 0.3, 1);
  return {
    header: {
      format: 'movie-recommender-model',
      version: 1,
      kind: 'biased-mf',
      config: DEFAULT_TRAINING_CONFIG,
      datasetName: 'test',
      datasetFingerprint: 'fp',
      userCount: 3,
      movieCount: 5,
      factors: 4,
      globalMean: 3.5,
      epochs: 7,
      bestTestRmse: 0.9,
      savedAt: '2026-11-24T00:00:00Z',
    },
    userIds: Int32Array.of(10, 20, 30),
    movieIds: Int32Array.of(1, 2, 3, 5, 8),
    weights: { ...weights, userBias: Float32Array.of(0.1, -0.2, 0.3) },
  };
}

function reason(bytes: Uint8Array): string {
  try {
    decodeModelFile(bytes);
  } catch (error) {
    if (error instanceof ModelFileError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('model file', () => {
  it('round-trips every number', () => {
    const file = sample();
    const back = decodeModelFile(encodeModelFile(file));
    expect(back.header).toEqual(file.header);
    expect(Array.from(back.userIds)).toEqual([10, 20, 30]);
    expect(Array.from(back.weights.movieFactors)).toEqual(Array.from(file.weights.movieFactors));
    expect(Array.from(back.weights.userBias)).toEqual(Array.from(file.weights.userBias));
    expect(sameIds(back.movieIds, Int32Array.of(1, 2, 3, 5, 8))).toBe(true);
    expect(sameIds(back.movieIds, Int32Array.of(1, 2, 3, 5, 9))).toBe(false);
  });

  it('refuses what is not a sound model file, saying why', () => {
    const good = encodeModelFile(sample());
    expect(reason(new TextEncoder().encode('userId,movieId\n1,2'))).toContain('signature');
    expect(reason(good.slice(0, good.length - 8))).toContain('bytes where its header promises');
    const edited = (mutate: (header: Record<string, unknown>) => void) => {
      const file = sample();
      const header = { ...file.header } as unknown as Record<string, unknown>;
      mutate(header);
      return encodeModelFile({ ...file, header: header as unknown as ModelFile['header'] });
    };
    expect(reason(edited((h) => (h.userCount = 1e12)))).toContain('absurd');
    expect(reason(edited((h) => (h.factors = -3)))).toContain('absurd');
    expect(reason(edited((h) => (h.kind = 'mlp')))).toContain('model kind');
    expect(reason(edited((h) => (h.version = 2)))).toContain('version 1');
    const broken = Uint8Array.from(good);
    broken[MODEL_MAGIC.length + 4] = 0x78; // the JSON header no longer starts with "{"
    expect(reason(broken)).toContain('JSON');
    const nan = sample();
    nan.weights.movieBias[2] = Number.NaN;
    expect(reason(encodeModelFile(nan))).toContain('finite');
  });
});
