import * as Comlink from 'comlink';
import type { JoinedRatingColumns } from '../../recsys/import/build-dataset';
import { fatal } from '../../recsys/import/import-problem';
import type { RatingsLayout } from '../../recsys/import/ratings-parser';
import { splitIntoRanges, type RangeResult } from '../../recsys/import/ratings-ranges';
import { ImportCancelled } from '../../recsys/import/read-sources';
import type { ColumnParts, RatingsRangeWorkerApi } from '../ratings-range.worker';

/**
 * A large ratings file read by parse workers, one per core, each parsing one byte range of it
 * (ratings-ranges.ts says which lines a range owns); then two of them join the rating and the
 * timestamp column while the recommender worker maps the ids. The workers read the File
 * themselves (it reaches them as a handle, not as bytes) and columns travel by transfer.
 */

/**
 * Plain ratings files from this size on are read in parallel. Below it one stream reads the
 * file in under 0.1 s, about what starting the workers and loading their code costs, so more
 * workers would not finish sooner.
 */
export const PARALLEL_MIN_BYTES = 8 << 20;

/** More workers than this gain little: the ids are mapped in one thread once the ranges are read
 * (README, "Import"), and each worker holds its code and buffers. */
export const MAX_PARSE_WORKERS = 8;

/** One parse worker per core the browser reports, 1 to MAX_PARSE_WORKERS. */
export function defaultParseWorkers(): number {
  return clampWorkers(typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency);
}

export function clampWorkers(count: number): number {
  return Number.isFinite(count) ? Math.max(1, Math.min(MAX_PARSE_WORKERS, Math.floor(count))) : 1;
}

/** Whether this context can start parse workers (a browser worker can; Node tests cannot). */
export function canStartParseWorkers(): boolean {
  return typeof Worker !== 'undefined';
}

/**
 * `count` parse workers for one file, alive from construction to close(). Every call fails with
 * ImportCancelled once `signal` aborts (the workers are terminated then), and with an import
 * failure naming the file when a worker fails (its code did not load, reading the file failed).
 */
export class ParseWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly remotes: Comlink.Remote<RatingsRangeWorkerApi>[] = [];
  private readonly stopped = new AbortController();
  /** Rejects on Cancel or on a worker's uncaught error; raced with every call. */
  private readonly failed: Promise<never>;

  constructor(
    private readonly file: File,
    count: number,
    signal: AbortSignal,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      if (signal.aborted) {
        reject(new ImportCancelled('import cancelled'));
        return;
      }
      const options = { signal: this.stopped.signal };
      signal.addEventListener(
        'abort',
        () => {
          this.close();
          reject(new ImportCancelled('import cancelled'));
        },
        options,
      );
      for (let i = 0; i < count; i++) {
        const worker = new Worker(new URL('../ratings-range.worker.ts', import.meta.url), {
          type: 'module',
          name: `ratings-range-${i + 1}`,
        });
        const why = (event: Event) => (event instanceof ErrorEvent && event.message ? event.message : 'a parse worker failed to start');
        worker.addEventListener('error', (event) => reject(new Error(why(event))), options);
        this.workers.push(worker);
        this.remotes.push(Comlink.wrap<RatingsRangeWorkerApi>(worker));
      }
    });
    this.failed.catch(() => undefined); // raced in every call; never an unhandled rejection
  }

  get size(): number {
    return this.workers.length;
  }

  /** The file in as many byte ranges as there are workers, one each; the results in file order.
   * `onProgress`: bytes done and rows read over all workers, after every 4 MiB of any of them. */
  parse(layout: RatingsLayout, onProgress: (bytesDone: number, rowsDone: number) => void): Promise<RangeResult[]> {
    const ranges = splitIntoRanges(this.file.size, this.workers.length);
    const bytesDone = ranges.map(() => 0);
    const rowsDone = ranges.map(() => 0);
    return this.guard(
      Promise.all(
        ranges.map((range, i) =>
          this.remotes[i]!.parseRange(
            this.file,
            this.file.name,
            layout,
            range,
            Comlink.proxy((bytes: number, rows: number) => {
              bytesDone[i] = bytes;
              rowsDone[i] = rows;
              onProgress(sum(bytesDone), sum(rowsDone));
            }),
          ),
        ),
      ),
    );
  }

  /**
   * The rating and timestamp columns of `results` joined by two of the workers (one if there is
   * one), each row copied once in a thread of its own. The results' rating and timestamp blocks
   * move to them and are emptied here.
   */
  joinRatingColumns(results: readonly RangeResult[]): Promise<JoinedRatingColumns> {
    const ratingParts: ColumnParts<Float32Array> = results.map(({ part }) => ({ rows: part.rows, blocks: part.rating.splice(0) }));
    const timestampParts: ColumnParts<Uint32Array> = results.map(({ part }) => ({ rows: part.rows, blocks: part.timestamp.splice(0) }));
    const buffers = (parts: ColumnParts<Float32Array | Uint32Array>) => parts.flatMap((p) => p.blocks.map((b) => b.buffer as ArrayBuffer));
    const ratings = this.remotes[0]!.joinRatings(Comlink.transfer(ratingParts, buffers(ratingParts)));
    const timestamps = this.remotes[1 % this.remotes.length]!.joinTimestamps(Comlink.transfer(timestampParts, buffers(timestampParts)));
    return this.guard(Promise.all([ratings, timestamps]).then(([joined, timestamp]) => ({ ...joined, timestamp })));
  }

  /** Ends the workers (again: nothing). */
  close(): void {
    this.stopped.abort();
    for (const worker of this.workers) worker.terminate();
  }

  private async guard<T>(call: Promise<T>): Promise<T> {
    try {
      return await Promise.race([call, this.failed]);
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      const reason = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      throw fatal(
        this.file.name,
        undefined,
        `reading it in ${this.workers.length} parse workers failed (${reason})`,
        'a file that can be read to its end',
      );
    }
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
