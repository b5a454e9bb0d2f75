/**
 * The bench page: no UI, just the app's worker client exposed as `window.bench` for the Node
 * driver (run-bench.ts), which hands it files through the hidden file inputs in index.html.
 */
import { createRecommenderClient } from '../src/lib/recommender-client';
import type { BenchPage, FileInputId } from './bench-api';

function files(input: FileInputId): File[] {
  const element = document.getElementById(input);
  if (!(element instanceof HTMLInputElement)) throw new Error(`The bench page has no file input #${input}`);
  return Array.from(element.files ?? []);
}

// The client starts its worker now; the driver waits for it to patch dispatch counting in.
const client = createRecommenderClient();
const ignoreProgress = () => undefined;

const bench: BenchPage = {
  client,
  files,
  importInputFiles: () => client.importFiles(files('files'), ignoreProgress),
  importInputSplit: () => client.importGivenSplit(files('train-files'), files('test-files'), ignoreProgress),
  train: (config) =>
    // Progress goes to the driver through the functions it exposed (page.exposeFunction).
    client.train(config, {
      onStart: (start) => void window.benchOnStart?.(start),
      onEpoch: (metrics) => void window.benchOnEpoch?.(metrics),
      onEngine: (engine, note) => void window.benchOnEngine?.(engine, note),
      signal: new AbortController().signal,
    }),
};
window.bench = bench;
