import * as Comlink from 'comlink';
import { copyOfModel, scoreUsersOf, type RankerTrainer } from '../../recsys/engines/ranker-trainer';
import { conjugateGradientRows, gramMatrix, type IalsConfig, type IalsModel, type IalsTrainingData } from '../../recsys/models/ials';
import { balancedRanges, rowRange, type IalsSolver, type RowRange } from './ials-solver';
import { startThreadWorker } from './thread-worker';

/**
 * iALS on every core: the CPU engine's sweeps (models/ials.ts) with each side's rows split into
 * one range per thread, of about equal work. This thread (the recommender worker) solves the
 * first range, solver workers (ials-solver.worker.ts) the others, all against the same fixed
 * side and Gram matrix; a row's solve reads nothing of the other rows, so the factors are those of
 * the one-thread engine bit for bit. Per half-sweep each solver gets a copy of the fixed side and
 * sends its rows back by transfer: on ml-25m (k 128) ~110 MB copied against ~15 s of solving.
 */

/** Training sets smaller than this are solved by one thread: a sweep of ml-latest-small's 80k
 * ratings takes ~0.5 s, so two threads still gain ~0.2 s each; below ~20k it is milliseconds. */
export const PARALLEL_IALS_MIN_RATINGS = 20_000;
/** More solver threads than this gain little next to the copies each one needs. */
export const MAX_IALS_THREADS = 8;

/** A solver on another thread (or, in tests, this one): setup once, then one solve per half-sweep. */
export interface SolverThread {
  setup(config: IalsConfig, users: RowRange, movies: RowRange): Promise<void> | void;
  solve(
    side: 0 | 1,
    current: Float32Array,
    other: Float32Array,
    gram: Float64Array,
    otherCount: number,
  ): Promise<Float32Array> | Float32Array;
  close(): void;
}

/** Threads for the parallel engine: one per core the browser reports, at most MAX_IALS_THREADS. */
export function ialsThreads(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency;
  return Number.isFinite(cores) ? Math.max(1, Math.min(MAX_IALS_THREADS, Math.floor(cores))) : 1;
}

/** Whether this context can start solver workers (a browser worker can; Node tests cannot). */
export function canStartSolverWorkers(): boolean {
  return typeof Worker !== 'undefined';
}

/** A solver worker of the built app; a call fails with the reason if the worker does. */
export function startSolverWorker(index: number): SolverThread {
  const worker = new Worker(new URL('../ials-solver.worker.ts', import.meta.url), { type: 'module', name: `ials-solver-${index}` });
  const { remote, guard, close } = startThreadWorker<IalsSolver>(worker, `iALS solver thread ${index}`);
  return {
    setup: (config, users, movies) => guard(remote.setup(config, users, movies)),
    solve: (side, current, other, gram, otherCount) =>
      guard(remote.solve(side, Comlink.transfer(current, [current.buffer as ArrayBuffer]), other, gram, otherCount)),
    close,
  };
}

export class ParallelIalsTrainer implements RankerTrainer {
  readonly engine = 'cpu-ials';
  readonly dispatchCount = 0;
  private readonly model: IalsModel;
  /** [from, to) of each thread, per side; thread 0 is this one. */
  private readonly ranges: readonly [readonly [number, number][], readonly [number, number][]];
  private readonly ready: Promise<void>;
  private queue: Promise<void>;

  constructor(
    private readonly data: IalsTrainingData,
    private readonly config: IalsConfig,
    initial: { readonly userFactors: Float32Array; readonly movieFactors: Float32Array },
    private readonly solvers: readonly SolverThread[],
  ) {
    this.model = {
      userCount: data.userCount,
      movieCount: data.movieCount,
      factors: config.factors,
      userFactors: initial.userFactors,
      movieFactors: initial.movieFactors,
      meanRating: data.meanRating,
    };
    const threads = solvers.length + 1;
    this.ranges = [
      balancedRanges(data.byUser.offsets, threads, config.factors),
      balancedRanges(data.byMovie.offsets, threads, config.factors),
    ];
    this.ready = Promise.all(
      solvers.map((solver, i) =>
        solver.setup(config, rowRange(data.byUser, ...this.ranges[0][i + 1]!), rowRange(data.byMovie, ...this.ranges[1][i + 1]!)),
      ),
    ).then(() => undefined);
    this.queue = this.ready;
  }

  /** Threads solving, this one included. */
  get threads(): number {
    return this.solvers.length + 1;
  }

  iterate(onHalfDone?: (half: 0 | 1) => void): void {
    this.queue = this.queue.then(async () => {
      await this.solveSide(0);
      onHalfDone?.(0);
      await this.solveSide(1);
      onHalfDone?.(1);
    });
  }

  finished(): Promise<void> {
    return this.queue;
  }

  private async solveSide(side: 0 | 1): Promise<void> {
    const k = this.config.factors;
    const { userFactors, movieFactors, userCount, movieCount } = this.model;
    const [table, other, otherCount, rows] =
      side === 0 ? [userFactors, movieFactors, movieCount, this.data.byUser] : [movieFactors, userFactors, userCount, this.data.byMovie];
    const gram = gramMatrix(other, otherCount, k);
    const ranges = this.ranges[side];
    // The other threads start first (their copies go out now), then this one solves its range.
    const solved = this.solvers.map((solver, i) => {
      const [from, to] = ranges[i + 1]!;
      return Promise.resolve(solver.solve(side, table.slice(from * k, to * k), other, gram, otherCount));
    });
    const [from, to] = ranges[0]!;
    conjugateGradientRows(table, rows, other, gram, k, this.config, otherCount, from, to);
    const results = await Promise.all(solved);
    results.forEach((result, i) => table.set(result, ranges[i + 1]![0] * k));
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    await this.queue;
    return scoreUsersOf(this.model, users);
  }

  async readModel(): Promise<IalsModel> {
    await this.queue;
    return copyOfModel(this.model);
  }

  dispose(): void {
    for (const solver of this.solvers) solver.close();
  }
}
