/**
 * What the worker API says about data imports: the dataset it holds once one is loaded, the
 * import's options and its progress reports. Plain data, re-exported by api.ts, the one door.
 */
import type { DatasetSummary } from '../recsys/dataset';
import type { ImportReport } from '../recsys/import/import-report';
import type { Outcome } from './api-outcome';

/** A dataset the worker holds. `datasetId` changes with every dataset made current. */
export interface LoadedDataset {
  readonly datasetId: number;
  readonly summary: DatasetSummary;
  readonly report: ImportReport;
  /** True when the dataset came from this browser's storage instead of being parsed. */
  readonly fromCache: boolean;
  readonly seconds: number;
}

export type ImportOutcome = Outcome<LoadedDataset>;

export interface ImportOptions {
  /** Parse workers for a large plain ratings file (default: one per core, at most 8); 0 streams
   * it through this worker alone. For the import bench's --workers. */
  readonly parseWorkers?: number;
}

export interface ImportProgress {
  /** The import this report belongs to: reports of a job that has answered are dropped. */
  readonly jobId: number;
  readonly stage: string;
  /** bytesRead / totalBytes (compressed bytes for a .zip). */
  readonly fraction: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
}
