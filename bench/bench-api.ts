/**
 * What the bench page (bench-page.ts, in the browser) offers the bench drivers (run-bench.ts,
 * run-import-bench.ts, in Node): types only, shared by both sides.
 */
import type { RecommenderClient } from '../src/lib/recommender-client';
import type { PlainLoopReads, PlainLoopResult } from './plain-loop.worker';
import type {
  EpochMetrics,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  RankerReport,
  TrainingConfig,
  TrainingOutcome,
  TrainingStart,
} from '../src/worker/api';

/** The hidden `<input type=file multiple>` elements the driver fills with `setInputFiles`. */
export type FileInputId = 'files' | 'train-files' | 'test-files';

export interface BenchPage {
  /** The app's own worker client (src/lib/recommender-client.ts). */
  readonly client: RecommenderClient;
  /** The files currently selected in one of the page's file inputs. */
  files(input: FileInputId): File[];
  /**
   * client.importFiles with the files of #files; its progress goes to window.benchOnImportProgress
   * (throttled) when the driver installed that.
   */
  importInputFiles(options?: ImportOptions): Promise<ImportOutcome>;
  /** The plain-loop reference (plain-loop.worker.ts) over the first file of #files. */
  plainLoop(reads: PlainLoopReads): Promise<PlainLoopResult>;
  /** client.importGivenSplit with the files of #train-files and #test-files. */
  importInputSplit(): Promise<ImportOutcome>;
  /** client.train, reporting through window.benchOnStart, benchOnEpoch and benchOnEngine. */
  train(config: TrainingConfig): Promise<TrainingOutcome>;
}

declare global {
  interface Window {
    /** Set by bench-page.ts once the worker client exists. */
    bench?: BenchPage;
    /** Installed by the driver with `page.exposeFunction`: progress back to Node. */
    benchOnStart?: (start: TrainingStart) => Promise<void>;
    benchOnEpoch?: (metrics: EpochMetrics) => Promise<void>;
    benchOnEngine?: (engine: string, note: string | undefined) => Promise<void>;
    benchOnRanker?: (report: RankerReport) => Promise<void>;
    benchOnImportProgress?: (progress: ImportProgress) => Promise<void>;
  }
}
