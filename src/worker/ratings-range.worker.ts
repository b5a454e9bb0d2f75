/// <reference lib="webworker" />
/**
 * A parse worker: the recommender worker starts one per core for a large ratings file, each
 * parsing the lines of one byte range of it (src/recsys/import/ratings-ranges.ts), then joining
 * columns of all the ranges (mapping their ids through the recommender worker's tables). Thin entry: the File
 * arrives by structured clone (a handle, not its bytes), slices of it are read here, and the
 * columns go back and forth by transfer (no copy). Started and ended by
 * services/parallel-ratings.ts; Cancel terminates it.
 */
import * as Comlink from 'comlink';
import { blobChunks } from './blob-chunks';
import { joinRatings, mapColumn } from '../recsys/import/dataset-assembly';
import { joinBlocks, type RatingsPart } from '../recsys/import/ratings-columns';
import type { RatingsLayout } from '../recsys/import/ratings-layout';
import { parseRatingsRange, type ByteRange, type ByteReader, type RangeResult } from '../recsys/import/ratings-ranges';

/** One column of every part of a file, in file order: the blocks and how many rows they hold. */
export type ColumnParts<T> = { readonly rows: number; readonly blocks: T[] }[];

export interface RatingsRangeWorkerApi {
  /**
   * The range's lines of `file`, parsed; `onProgress` hears the range's bytes done and rows read
   * after every read (4 MiB).
   */
  parseRange(
    file: Blob,
    fileName: string,
    layout: RatingsLayout,
    range: ByteRange,
    onProgress: (bytesDone: number, rowsDone: number) => void,
  ): Promise<RangeResult>;
  /** A file's rating column joined from its parts' blocks, with the smallest rating and whether
   * any is not a whole star (over all rows). */
  joinRatings(parts: ColumnParts<Float32Array>): Promise<{ rating: Float32Array; minRating: number; hasHalfStars: boolean }>;
  /** A file's timestamp column joined from its parts' blocks. */
  joinTimestamps(parts: ColumnParts<Uint32Array>): Promise<Uint32Array>;
  /** A file's user or movie column joined from its parts' blocks, each raw id mapped through
   * `table` (raw id → dense index). */
  mapColumn(parts: ColumnParts<Int32Array>, table: Int32Array): Promise<Int32Array>;
}

/**
 * A File's bytes. Bulk reads stream a slice in the browser's own chunks (64 KiB here): their
 * buffers are small enough for the allocator to reuse, where a fresh 4 MiB buffer per read
 * costs a page fault per 4 KiB touched.
 */
function blobReader(file: Blob): ByteReader {
  return {
    size: file.size,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
    chunks: (start, end) => blobChunks(file.slice(start, end)),
  };
}

/** Every block's buffer: moved to the caller, not copied. */
function buffersOf(part: RatingsPart): ArrayBuffer[] {
  const blocks = [...part.userId, ...part.movieId, ...part.rating, ...part.timestamp];
  return [...blocks.map((b) => b.buffer as ArrayBuffer), part.gaps.buffer as ArrayBuffer];
}

const api: RatingsRangeWorkerApi = {
  async parseRange(file, fileName, layout, range, onProgress) {
    const result = await parseRatingsRange(blobReader(file), fileName, layout, range, { onProgress });
    return Comlink.transfer(result, buffersOf(result.part));
  },
  async joinRatings(parts) {
    const joined = joinRatings(parts.map((p) => ({ rows: p.rows, rating: p.blocks })));
    return Comlink.transfer(joined, [joined.rating.buffer as ArrayBuffer]);
  },
  async joinTimestamps(parts) {
    const timestamp = joinBlocks(parts, (n) => new Uint32Array(n));
    return Comlink.transfer(timestamp, [timestamp.buffer as ArrayBuffer]);
  },
  async mapColumn(parts, table) {
    const column = mapColumn(parts, table);
    return Comlink.transfer(column, [column.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
