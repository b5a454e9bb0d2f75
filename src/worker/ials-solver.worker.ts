/// <reference lib="webworker" />
/**
 * A solver thread of the parallel iALS engine (services/parallel-ials.ts): it keeps one row range
 * of each side and solves it against the fixed side every half-sweep. Thin entry: the work is
 * services/ials-solver.ts; the rows come back by transfer.
 */
import * as Comlink from 'comlink';
import { createIalsSolver, type IalsSolver } from './services/ials-solver';

const solver = createIalsSolver();

const api: IalsSolver = {
  setup: (config, users, movies) => solver.setup(config, users, movies),
  solve: (side, current, other, gram, otherCount) => {
    const rows = solver.solve(side, current, other, gram, otherCount);
    return Comlink.transfer(rows, [rows.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
