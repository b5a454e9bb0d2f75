import { NEWLINE } from './byte-fields';
import { partIds, type PartIds } from './id-mapping-plan';
import { ProblemLog, type ImportProblem } from './import-problem';
import type { RatingsPart } from './ratings-columns';
import type { RatingsLayout } from './ratings-layout';
import { RatingsParser } from './ratings-parser';

/**
 * A ratings file read in parallel: cut into byte ranges, each parsed on its own (in a worker of
 * its own in the app), the parts joined in file order. Pure functions of bytes, so the Node
 * tests prove that any cut gives what the single-stream parser gives.
 *
 * Which lines a range owns: those whose first byte lies in [start, end). A line starts at
 * `start` when start is 0 or byte start − 1 is a newline; otherwise the range's first line
 * starts after the first newline at or after start. Its last line is the one holding byte
 * end − 1, read to its newline however far past `end` that lies. So consecutive ranges own
 * consecutive lines, every line exactly once, without knowing anything about each other.
 */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Random access to a file's bytes (a File's slices in the browser, an array in tests). */
export interface ByteReader {
  readonly size: number;
  /** Bytes [start, end) (fewer at the end of the file); the result may be kept. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end) in chunks of the reader's choosing, in order. */
  chunks(start: number, end: number): AsyncIterable<Uint8Array>;
}

/** What one range gave: its rows as a part, and its own first problems. */
export interface RangeResult {
  readonly part: RatingsPart;
  /** The first problems of the range (at most a ProblemLog's limit), in line order, with lines
   * counted from the range's first line as line 1 (range 0's first line is the file's). */
  readonly problems: readonly ImportProblem[];
  /** Rows skipped in the range, every one counted. */
  readonly skipped: number;
  /** Its raw ids in order of first appearance and its row order, for planIdMapping. */
  readonly ids: PartIds;
}

export interface RangeOptions {
  /** Called with the range's bytes done (end − start at the end) and rows read so far, after
   * each chunk, at most every PROGRESS_BYTES. */
  readonly onProgress?: (bytesDone: number, rowsDone: number) => void;
}

/** Progress every 4 MiB of a range: about 40 messages per worker for a 25M-row file. */
const PROGRESS_BYTES = 4 << 20;
/** Reads that look for one line end: short, as lines are. */
const LINE_SEARCH_BYTES = 64 << 10;

/** `count` ranges of nearly equal size that cover [0, size); at least one, none empty unless
 * the file is. */
export function splitIntoRanges(size: number, count: number): ByteRange[] {
  const n = Math.max(1, Math.min(Math.floor(count), size));
  return Array.from({ length: n }, (_, i) => ({ start: Math.floor((size * i) / n), end: Math.floor((size * (i + 1)) / n) }));
}

/** The index just after the first newline at or after `from`, or the file's size when there is none. */
async function afterNextNewline(reader: ByteReader, from: number): Promise<number> {
  for (let at = from; at < reader.size;) {
    const bytes = await reader.read(at, Math.min(reader.size, at + LINE_SEARCH_BYTES));
    if (bytes.length === 0) break;
    const newline = bytes.indexOf(NEWLINE);
    if (newline !== -1) return at + newline + 1;
    at += bytes.length;
  }
  return reader.size;
}

/**
 * Parses the lines that `range` owns (see above) with the single-stream parser: range 0 reads
 * the header and skips a byte-order mark, the others count lines from their first. Reads ahead
 * one chunk while the parser works on the last.
 */
export async function parseRatingsRange(
  reader: ByteReader,
  fileName: string,
  layout: RatingsLayout,
  range: ByteRange,
  options: RangeOptions = {},
): Promise<RangeResult> {
  const onProgress = options.onProgress ?? (() => undefined);
  const end = Math.min(range.end, reader.size);
  const log = new ProblemLog();
  const parser = new RatingsParser(fileName, range.start === 0 ? layout : { ...layout, headerLines: 0 }, log);
  let first = range.start === 0 ? 0 : await afterNextNewline(reader, range.start - 1);
  if (range.start === 0 && end > 0) {
    // A UTF-8 byte-order mark is not part of the first line (as in DatasetBuilder.openFile).
    const head = await reader.read(0, Math.min(3, reader.size));
    if (head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) first = 3;
  }
  // Range 0 owns the file's first line even when a byte-order mark reaches past its end.
  const ownsALine = range.start === 0 ? end > 0 : first < end;
  if (ownsALine) {
    let at = first;
    let lastByte = -1;
    let reported = 0;
    if (at < end) {
      for await (const chunk of reader.chunks(at, end)) {
        if (chunk.length === 0) continue;
        at += chunk.length;
        parser.push(chunk);
        lastByte = chunk[chunk.length - 1]!;
        if (at - reported >= PROGRESS_BYTES) {
          reported = at;
          onProgress(at - range.start, parser.rowsRead);
        }
      }
    }
    // The last owned line goes on past `end` unless byte end − 1 ended it.
    if (lastByte !== NEWLINE) {
      const stop = await afterNextNewline(reader, at);
      if (stop > at) parser.push(await reader.read(at, stop));
    }
  }
  const part = parser.endPart();
  // The bytes before `first` belong to the line the range before owns; past `end`, to this one.
  onProgress(end - range.start, part.rows);
  return { part, problems: [...log.problems], skipped: log.totalSkipped, ids: partIds(part) };
}

/**
 * The ranges' results in file order as one file's parts: each range's lines are offset by the
 * lines of the ranges before, its problems go into `log` (which keeps the first ones overall,
 * so the first in file order) and every skipped row is counted. Returns the parts and the
 * file's line count.
 */
export function joinRanges(results: readonly RangeResult[], fileName: string, log: ProblemLog): { parts: RatingsPart[]; lines: number } {
  let linesBefore = 0;
  for (const { part, problems, skipped } of results) {
    for (const problem of problems) log.skip(fileName, (problem.line ?? 0) + linesBefore, problem.message, problem.expected);
    log.countSkipped(fileName, skipped - problems.length);
    linesBefore += part.lines;
  }
  return { parts: results.map((r) => r.part), lines: linesBefore };
}

/** A ByteReader over bytes in memory, in chunks of `chunkBytes` (tests, small files). */
export function bytesReader(bytes: Uint8Array, chunkBytes = 1 << 20): ByteReader {
  return {
    size: bytes.length,
    read: (start, end) => Promise.resolve(bytes.slice(start, Math.min(end, bytes.length))),
    async *chunks(start, end) {
      for (let at = start; at < Math.min(end, bytes.length); at += chunkBytes) yield bytes.subarray(at, Math.min(at + chunkBytes, end));
    },
  };
}
