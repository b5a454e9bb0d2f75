import { describe, expect, it } from 'vitest';
import { BatchSource } from '../../recsys/batch-source';
import { GibbsTrainer } from '../../recsys/engines/gibbs-trainer';
import { meanRating } from '../../recsys/dataset';
import { demoSplit } from '../../test-support/demo-split';
import { inProcessSamplerThread, ParallelGibbsSampler, type SamplerThread } from './parallel-gibbs';

async function sweeps(trainer: GibbsTrainer, count: number, batches: BatchSource) {
  for (let i = 0; i < count; i++) await trainer.trainEpoch(batches, { shouldStop: () => false });
  return trainer.readMfWeights();
}

describe('the parallel Gibbs sampler', () => {
  it('draws the one-thread sampler’s rows bit for bit, with 1 and 3 sampler threads', async () => {
    const { split, size } = demoSplit({ seed: 6, userCount: 80, movieCount: 120, meanRatingsPerUser: 25 }, 2);
    const mean = meanRating(split.train);
    const batches = new BatchSource(split.train, 1024, 1);
    const reference = await sweeps(new GibbsTrainer(split.train, size, 6, mean, 9), 4, batches);
    for (const threadCount of [1, 3]) {
      let draws = 0;
      const threads: SamplerThread[] = Array.from({ length: threadCount }, () => {
        const thread = inProcessSamplerThread();
        return { ...thread, sample: (...args: Parameters<SamplerThread['sample']>) => (draws++, thread.sample(...args)) };
      });
      let made: ParallelGibbsSampler | undefined;
      const trainer = new GibbsTrainer(split.train, size, 6, mean, 9, undefined, undefined, (data, width) => {
        made = new ParallelGibbsSampler(data, width, threads);
        return made;
      });
      const weights = await sweeps(trainer, 4, batches);
      expect(made).toBeDefined();
      // Every thread drew its range of both sides in every sweep.
      expect(draws).toBe(threadCount * 4 * 2);
      expect(trainer.engine).toBe('cpu-gibbs');
      expect(Array.from(weights.userFactors)).toEqual(Array.from(reference.userFactors));
      expect(Array.from(weights.movieFactors)).toEqual(Array.from(reference.movieFactors));
      expect(Array.from(weights.movieBias)).toEqual(Array.from(reference.movieBias));
      trainer.dispose();
    }
  });

  it('fails the sweep with the reason when a sampler thread fails', async () => {
    const { split, size } = demoSplit({ seed: 6, userCount: 40, movieCount: 60, meanRatingsPerUser: 20 }, 2);
    const broken: SamplerThread = {
      setup: () => undefined,
      sample: () => Promise.reject(new Error('Gibbs sampler thread 1 failed: out of memory')),
      close: () => undefined,
    };
    const trainer = new GibbsTrainer(
      split.train,
      size,
      4,
      meanRating(split.train),
      3,
      undefined,
      undefined,
      (data, width) => new ParallelGibbsSampler(data, width, [broken]),
    );
    await expect(trainer.trainEpoch(new BatchSource(split.train, 1024, 1), { shouldStop: () => false })).rejects.toThrow(/out of memory/);
    trainer.dispose();
  });
});
