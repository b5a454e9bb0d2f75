import * as Comlink from 'comlink';
import type { ColumnJoiner } from '../../recsys/import/column-joiner';
import { fatal } from '../../recsys/import/import-problem';
import type { RatingsLayout } from '../../recsys/import/ratings-layout';
import { splitIntoRanges, type RangeResult } from '../../recsys/import/ratings-ranges';
import { ImportCancelled } from '../../recsys/import/read-sources';
import type { ColumnParts, RatingsRangeWorkerApi } from '../ratings-range.worker';

/**
 * A large ratings file read by parse workers, one per core, each parsing one byte range of it
 * (ratings-ranges.ts says which lines a range owns); then they join the columns, one each,
 * mapping the ids through tables the recommender worker plans from each range's first-seen ids.
 * The workers read the File themselves (it reaches them as a handle, not as bytes) and columns
 * travel by transfer.
 */

/**
 * Plain ratings files from this size on are read in parallel. Below it one stream reads the
 * file in under 0.1 s, about what starting the workers and loading their code costs, so more
 * workers would not finish sooner.
 */
export const PARALLEL_MIN_BYTES = 8 << 20;

/** More workers than this gain little: a 25M-row file is then read faster than the browser
 * streams it to one reader (docs/benchmarks.md, "Import"), the joins use at most four (one per column), and
 * each worker holds its own code and buffers. */
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
   * Who joins the columns of `results`: the workers, one column each in turn (user, movie,
   * rating, timestamp), each row copied once in a thread of its own. The results' blocks move
   * to the workers when a join is asked for, and are emptied here.
   */
  joinerFor(results: readonly RangeResult[]): ColumnJoiner {
    const take = <T extends Int32Array | Float32Array | Uint32Array>(pick: (part: RangeResult['part']) => T[]) => {
      const parts: ColumnParts<T> = results.map(({ part }) => ({ rows: part.rows, blocks: pick(part).splice(0) }));
      return Comlink.transfer(
        parts,
        parts.flatMap((p) => p.blocks.map((b) => b.buffer as ArrayBuffer)),
      );
    };
    const worker = (column: number) => this.remotes[column % this.remotes.length]!;
    const joinRatings = () => worker(2).joinRatings(take((part) => part.rating));
    const joinTimestamps = () => worker(3).joinTimestamps(take((part) => part.timestamp));
    return {
      joinMapped: (userTable, movieTable) => {
        const user = worker(0).mapColumn(
          take((part) => part.userId),
          Comlink.transfer(userTable, [userTable.buffer as ArrayBuffer]),
        );
        const movie = worker(1).mapColumn(
          take((part) => part.movieId),
          Comlink.transfer(movieTable, [movieTable.buffer as ArrayBuffer]),
        );
        const ratings = joinRatings();
        const timestamp = joinTimestamps();
        return this.guard(
          Promise.all([user, movie, ratings, timestamp]).then(([user, movie, ratings, timestamp]) => ({
            ...ratings,
            user,
            movie,
            timestamp,
          })),
        );
      },
      joinRatingColumns: () => {
        const ratings = joinRatings();
        const timestamp = joinTimestamps();
        return this.guard(Promise.all([ratings, timestamp]).then(([ratings, timestamp]) => ({ ...ratings, timestamp })));
      },
    };
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
