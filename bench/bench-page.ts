/**
 * The bench page: no UI, just the app's worker client exposed as `window.bench` for the Node
 * drivers (run-bench.ts, run-import-bench.ts), which hand it files through the hidden file
 * inputs in index.html.
 */
import { createRecommenderClient } from '../src/lib/recommender-client';
import type { ImportProgress } from '../src/worker/api';
import type { BenchPage, FileInputId } from './bench-api';
import type { PlainLoopReads, PlainLoopResult } from './plain-loop.worker';

function files(input: FileInputId): File[] {
  const element = document.getElementById(input);
  if (!(element instanceof HTMLInputElement)) throw new Error(`The bench page has no file input #${input}`);
  return Array.from(element.files ?? []);
}

// The client starts its worker now; the driver waits for it to patch dispatch counting in.
const client = createRecommenderClient();
const ignoreProgress = () => undefined;

/**
 * Import progress for the driver, when it installed window.benchOnImportProgress: the first
 * report, every stage change and the last (fraction 1), otherwise at most every 200 ms.
 */
function forwardProgress(): (progress: ImportProgress) => void {
  let lastStage: string | undefined;
  let lastSent = -Infinity;
  return (progress) => {
    const now = performance.now();
    if (progress.stage === lastStage && progress.fraction < 1 && now - lastSent < 200) return;
    lastStage = progress.stage;
    lastSent = now;
    void window.benchOnImportProgress?.(progress);
  };
}

/** The plain-loop reference over the first file of #files, in a worker of its own. */
function plainLoop(reads: PlainLoopReads): Promise<PlainLoopResult> {
  const [file] = files('files');
  if (!file) return Promise.reject(new Error('#files is empty'));
  const worker = new Worker(new URL('./plain-loop.worker.ts', import.meta.url), { type: 'module', name: 'plain-loop' });
  return new Promise<PlainLoopResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ok: true; result: PlainLoopResult } | { ok: false; message: string }>) =>
      event.data.ok ? resolve(event.data.result) : reject(new Error(event.data.message));
    worker.onerror = () => reject(new Error('the plain-loop worker failed to start'));
    worker.postMessage({ file, reads });
  }).finally(() => worker.terminate());
}

const bench: BenchPage = {
  client,
  files,
  importInputFiles: (options) =>
    client.importFiles(files('files'), window.benchOnImportProgress ? forwardProgress() : ignoreProgress, options),
  plainLoop,
  importInputSplit: () => client.importGivenSplit(files('train-files'), files('test-files'), ignoreProgress),
  train: (config) =>
    // Progress goes to the driver through the functions it exposed (page.exposeFunction).
    client.train(config, {
      onStart: (start) => void window.benchOnStart?.(start),
      onEpoch: (metrics) => void window.benchOnEpoch?.(metrics),
      onEngine: (engine, note) => void window.benchOnEngine?.(engine, note),
      onRanker: (report) => void window.benchOnRanker?.(report),
      signal: new AbortController().signal,
    }),
};
window.bench = bench;
