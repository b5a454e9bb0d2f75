import type { RowSampler } from '../../recsys/engines/gibbs-trainer';
import { sampleSide, type GibbsData, type SidePrior } from '../../recsys/models/bayesian-mf';
import { createGibbsSamplerThread, ratingRowRange, type GibbsSamplerThreadApi, type RatingRowRange } from './gibbs-sampler-thread';
import { balancedRanges } from './ials-solver';
import { startThreadWorker } from './thread-worker';

/**
 * Bayesian MF's row draws on every core: each side's rows split into one range per thread, of
 * about equal work (a row's draw costs its entries' k² outer products and a k³ Cholesky), this
 * thread drawing the first range and sampler workers (gibbs-sampler.worker.ts) the others. A
 * row's draw hashes (seed, row) and reads no other row of its side, so the draws are those of the
 * one-thread sampler bit for bit. Per half-sweep each thread gets a copy of the other side.
 */
export interface SamplerThread {
  setup(width: number, users: RatingRowRange, movies: RatingRowRange): Promise<void> | void;
  sample(side: 0 | 1, other: Float32Array, prior: SidePrior, seed: number, precision: number): Promise<Float32Array> | Float32Array;
  close(): void;
}

/** A sampler worker of the built app; a call fails with the reason if the worker does. */
export function startSamplerWorker(index: number): SamplerThread {
  const worker = new Worker(new URL('../gibbs-sampler.worker.ts', import.meta.url), { type: 'module', name: `gibbs-sampler-${index}` });
  const { remote, guard, close } = startThreadWorker<GibbsSamplerThreadApi>(worker, `Gibbs sampler thread ${index}`);
  return {
    setup: (width, users, movies) => guard(remote.setup(width, users, movies)),
    sample: (side, other, prior, seed, precision) => guard(remote.sample(side, other, prior, seed, precision)),
    close,
  };
}

/** A sampler thread in this one (unit tests): the same work behind the same async door. */
export function inProcessSamplerThread(): SamplerThread {
  const thread = createGibbsSamplerThread();
  return {
    setup: async (width, users, movies) => thread.setup(width, structuredClone(users), structuredClone(movies)),
    sample: async (side, other, prior, seed, precision) => thread.sample(side, other.slice(), structuredClone(prior), seed, precision),
    close: () => undefined,
  };
}

export class ParallelGibbsSampler implements RowSampler {
  readonly engine = 'cpu-gibbs';
  readonly dispatchCount = 0;
  /** [from, to) of each thread, per side; thread 0 is this one. */
  private readonly ranges: readonly [readonly [number, number][], readonly [number, number][]];
  private readonly ready: Promise<void>;

  constructor(
    private readonly data: GibbsData,
    private readonly width: number,
    private readonly threads: readonly SamplerThread[],
  ) {
    const parts = threads.length + 1;
    // A row's draw: k² per entry and ~k³/3 for its Cholesky: weigh a row as k/3 entries.
    this.ranges = [balancedRanges(data.users.offsets, parts, (2 * width) / 3), balancedRanges(data.movies.offsets, parts, (2 * width) / 3)];
    this.ready = Promise.all(
      threads.map((thread, i) =>
        thread.setup(width, ratingRowRange(data.users, ...this.ranges[0][i + 1]!), ratingRowRange(data.movies, ...this.ranges[1][i + 1]!)),
      ),
    ).then(() => undefined);
    this.ready.catch(() => undefined);
  }

  async sampleSide(
    side: 0 | 1,
    prior: SidePrior,
    seed: number,
    precision: number,
    tables: { users: Float32Array; movies: Float32Array },
  ): Promise<void> {
    await this.ready;
    const [table, other, rows] =
      side === 0 ? [tables.users, tables.movies, this.data.users] : [tables.movies, tables.users, this.data.movies];
    const ranges = this.ranges[side];
    // The other threads start first (their copies go out now), then this one draws its range.
    const drawn = this.threads.map((thread) => Promise.resolve(thread.sample(side, other, prior, seed, precision)));
    const [from, to] = ranges[0]!;
    sampleSide(rows, table, other, this.width, prior, seed, precision, from, to);
    const results = await Promise.all(drawn);
    results.forEach((result, i) => table.set(result, ranges[i + 1]![0] * this.width));
  }

  dispose(): void {
    for (const thread of this.threads) thread.close();
  }
}
