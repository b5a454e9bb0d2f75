import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportOutcome, ImportProgress, RecommenderWorkerApi } from '../worker/api';
import { wrapRecommender } from './recommender-client';

/** A report of job 1, as the worker sends it. */
const REPORT: ImportProgress = {
  jobId: 1,
  stage: 'Indexing ratings',
  fraction: 1,
  bytesRead: 10,
  totalBytes: 10,
  rowsRead: 1,
  rowsPerSecond: 43,
};
const ANSWER = { ok: false, code: 'cancelled', message: 'Import cancelled.' } as const satisfies ImportOutcome;
/** How long after its answer the fake worker sends a last report: in the real worker, reports
 * travel on their own MessagePort and may be delivered after the answer in the same way. */
const LATE_MS = 30;

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A worker whose import answers first and reports once more afterwards: the race, made certain. */
function lateReportingWorker(): Comlink.Remote<RecommenderWorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const api: Pick<RecommenderWorkerApi, 'importFiles'> = {
    async importFiles(_files, onProgress) {
      onProgress(REPORT);
      setTimeout(() => onProgress(REPORT), LATE_MS);
      return ANSWER;
    },
  };
  Comlink.expose(api, port1);
  return Comlink.wrap<RecommenderWorkerApi>(port2);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the bridge drops reports of a job that has answered', () => {
  it('the raw Comlink call lets a late report through (the race exists)', async () => {
    const remote = lateReportingWorker();
    const reports: string[] = [];
    await remote.importFiles(
      [],
      Comlink.proxy(() => void reports.push('report')),
    );
    reports.push('answer');
    await pause(LATE_MS * 3);
    expect(reports.at(-1)).toBe('report');
  });

  it('the client never calls back after the answer, so a panel that went idle stays idle', async () => {
    const client = wrapRecommender(lateReportingWorker());
    // What the import panel does: busy while reports come, idle once answered.
    let busy: boolean | undefined;
    const outcome = await client.importFiles([], () => {
      busy = true;
    });
    busy = false;
    await pause(LATE_MS * 3);
    expect(outcome).toEqual(ANSWER);
    expect(busy).toBe(false);
  });
});
