/// <reference lib="webworker" />
/**
 * A sampler thread of the parallel Gibbs engine (services/parallel-gibbs.ts): it keeps one row
 * range of each side and draws it every half-sweep. Thin entry: the work is
 * services/gibbs-sampler-thread.ts; the rows go back by transfer.
 */
import * as Comlink from 'comlink';
import { createGibbsSamplerThread, type GibbsSamplerThreadApi } from './services/gibbs-sampler-thread';

const thread = createGibbsSamplerThread();

const api: GibbsSamplerThreadApi = {
  setup: (width, users, movies) => thread.setup(width, users, movies),
  sample: (side, other, prior, seed, precision) => {
    const rows = thread.sample(side, other, prior, seed, precision);
    return Comlink.transfer(rows, [rows.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
