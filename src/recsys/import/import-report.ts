import type { Dataset } from '../dataset';
import type { ImportProblem } from './import-problem';

/**
 * What an import gives: the dataset, and the report of what was read around it (the rows
 * skipped, each with its file, line and expectation; the files not used; the repeated ratings
 * dropped; how many workers parsed). Stored with the dataset and shown on the page.
 */

export interface ImportReport {
  /** Rows skipped per file, every one counted. */
  readonly skippedByFile: Readonly<Record<string, number>>;
  readonly totalSkipped: number;
  /** Details of the first skipped rows (capped), each with file, line and expectation. */
  readonly problems: readonly ImportProblem[];
  /** Files that were recognised but not used, with why (links.csv, tags.csv, …). */
  readonly ignoredFiles: readonly string[];
  /** Ratings dropped because the same user rated the same movie again later. */
  readonly duplicatesDropped: number;
  /** How many workers parsed the ratings: 1 when they streamed through the app's worker, more
   * when parse workers read byte ranges in parallel (absent in reports stored before). */
  readonly parseWorkers?: number;
}

export interface ImportResult {
  readonly dataset: Dataset;
  readonly report: ImportReport;
}
