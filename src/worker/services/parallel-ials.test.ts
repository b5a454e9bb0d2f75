import { describe, expect, it } from 'vitest';
import { CpuIalsTrainer } from '../../recsys/engines/ranker-trainer';
import { DEFAULT_IALS_CONFIG, initialIalsFactors, prepareIalsData } from '../../recsys/models/ials';
import { demoSplit } from '../../test-support/demo-split';
import { balancedRanges, createIalsSolver } from './ials-solver';
import { ParallelIalsTrainer, type SolverThread } from './parallel-ials';

/** A solver "thread" in this one, behind the same async door and copies a worker has. */
function inProcessSolver(): SolverThread & { solves: number } {
  const solver = createIalsSolver();
  const thread = {
    solves: 0,
    setup: async (...args: Parameters<SolverThread['setup']>) => solver.setup(...structuredClone(args)),
    solve: async (...args: Parameters<SolverThread['solve']>) => {
      thread.solves++;
      return solver.solve(...structuredClone(args));
    },
    close: () => undefined,
  };
  return thread;
}

describe('the parallel iALS engine', () => {
  it('splits rows into ranges of about equal work, covering every row once', () => {
    // Row 0 has 100 entries, the other 9 one each: at k 2 its weight is 101 of 119.
    const offsets = Int32Array.from([0, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const ranges = balancedRanges(offsets, 2, 2);
    expect(ranges).toEqual([
      [0, 1],
      [1, 10],
    ]);
    const many = balancedRanges(
      Int32Array.from({ length: 101 }, (_, i) => i * 3),
      4,
      8,
    );
    expect(many[0]![0]).toBe(0);
    expect(many.at(-1)![1]).toBe(100);
    many.forEach(([from, to], i) => {
      expect(to - from).toBe(25);
      if (i > 0) expect(from).toBe(many[i - 1]![1]);
    });
    // More threads than rows: the extra ranges are empty, none is lost.
    expect(
      balancedRanges(Int32Array.from([0, 1, 2]), 4, 2).flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i)),
    ).toEqual([0, 1]);
  });

  it('gives the one-thread engine’s factors bit for bit, with 1, 2 and 3 solver threads', async () => {
    const { split, size } = demoSplit({ seed: 5, userCount: 90, movieCount: 150, meanRatingsPerUser: 30 }, 3);
    const config = { ...DEFAULT_IALS_CONFIG, factors: 12, seed: 3 };
    const data = prepareIalsData(split.train, size);
    const reference = new CpuIalsTrainer(data, config, initialIalsFactors(size, config));
    for (let sweep = 0; sweep < 3; sweep++) reference.iterate();
    const expected = await reference.readModel();
    for (const solverCount of [1, 2, 3]) {
      const solvers = Array.from({ length: solverCount }, inProcessSolver);
      const parallel = new ParallelIalsTrainer(data, config, initialIalsFactors(size, config), solvers);
      const halves: number[] = [];
      for (let sweep = 0; sweep < 3; sweep++) parallel.iterate((half) => halves.push(half));
      await parallel.finished();
      const model = await parallel.readModel();
      expect(parallel.threads).toBe(solverCount + 1);
      expect(halves).toEqual([0, 1, 0, 1, 0, 1]);
      expect(solvers.every((s) => s.solves === 6)).toBe(true);
      expect(Array.from(model.userFactors)).toEqual(Array.from(expected.userFactors));
      expect(Array.from(model.movieFactors)).toEqual(Array.from(expected.movieFactors));
      const users = Int32Array.from([0, 5]);
      expect(Array.from(await parallel.scoreUsers(users))).toEqual(Array.from(await reference.scoreUsers(users)));
      parallel.dispose();
    }
  });

  it('fails the sweep with the reason when a solver thread fails', async () => {
    const { split, size } = demoSplit({ seed: 5, userCount: 40, movieCount: 60, meanRatingsPerUser: 20 }, 3);
    const config = { ...DEFAULT_IALS_CONFIG, factors: 4 };
    const broken: SolverThread = {
      setup: () => undefined,
      solve: () => Promise.reject(new Error('iALS solver thread 1 failed: out of memory')),
      close: () => undefined,
    };
    const parallel = new ParallelIalsTrainer(prepareIalsData(split.train, size), config, initialIalsFactors(size, config), [broken]);
    parallel.iterate();
    await expect(parallel.finished()).rejects.toThrow(/solver thread 1 failed: out of memory/);
  });
});
