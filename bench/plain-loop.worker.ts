/**
 * The import bench's references, in a worker of the bench page: the simplest JavaScript byte
 * loop that turns a ratings.csv ("userId,movieId,rating,timestamp", header first) into four typed
 * arrays. No checks, no line numbers, no problems: what this browser on this machine can do in
 * one thread, measured in the same run as the app's parser. It reads the File either in 4 MiB
 * slices one after the other, or as the browser streams it (the chunks the app's parser gets);
 * 'read only' streams the bytes without parsing them, the floor set by reading alone.
 */

export type PlainLoopReads = 'slices' | 'stream' | 'read only';

export interface PlainLoopResult {
  readonly rows: number;
  readonly seconds: number;
  /** Sums of some rows, so no part of the loop can be optimised away. */
  readonly checksum: number;
}

const SLICE_BYTES = 4 << 20;
const NEWLINE = 10;

async function* chunksOf(file: Blob, reads: PlainLoopReads): AsyncGenerator<Uint8Array> {
  if (reads === 'slices') {
    for (let at = 0; at < file.size; at += SLICE_BYTES) yield new Uint8Array(await file.slice(at, at + SLICE_BYTES).arrayBuffer());
    return;
  }
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

interface Columns {
  readonly users: Int32Array;
  readonly movies: Int32Array;
  readonly ratings: Float32Array;
  readonly timestamps: Uint32Array;
  row: number;
}

/** The complete lines of bytes[start..]: field by field, digits until the separator. Returns
 * where the unfinished last line starts. */
function parseLines(bytes: Uint8Array, start: number, out: Columns): number {
  const { users, movies, ratings, timestamps } = out;
  const n = bytes.length;
  let row = out.row;
  let i = start;
  let lineStart: number;
  for (;;) {
    lineStart = i;
    let c: number;
    let user = 0;
    for (; i < n && (c = bytes[i]!) !== 44; i++) user = user * 10 + c - 48;
    if (++i >= n) break;
    let movie = 0;
    for (; i < n && (c = bytes[i]!) !== 44; i++) movie = movie * 10 + c - 48;
    if (++i >= n) break;
    let rating = 0;
    let scale = 0; // 10^(digits after the point); 0 before it
    for (; i < n && (c = bytes[i]!) !== 44; i++) {
      if (c === 46) {
        scale = 1;
      } else {
        rating = rating * 10 + c - 48;
        scale *= 10;
      }
    }
    if (++i >= n) break;
    let timestamp = 0;
    for (; i < n && (c = bytes[i]!) !== NEWLINE; i++) timestamp = timestamp * 10 + c - 48;
    if (i++ >= n) break;
    users[row] = user;
    movies[row] = movie;
    ratings[row] = scale > 1 ? rating / scale : rating;
    timestamps[row] = timestamp;
    row++;
  }
  out.row = row;
  return lineStart;
}

async function plainLoop(file: Blob, reads: PlainLoopReads): Promise<PlainLoopResult> {
  const started = performance.now();
  if (reads === 'read only') {
    let newlines = 0;
    for await (const chunk of chunksOf(file, 'stream')) newlines += chunk[chunk.length - 1] === NEWLINE ? 1 : 0;
    return { rows: 0, seconds: (performance.now() - started) / 1000, checksum: newlines };
  }
  // The shortest line ("1,1,1,1\n") is 8 bytes; untouched capacity costs no memory.
  const capacity = Math.ceil(file.size / 8);
  const out: Columns = {
    users: new Int32Array(capacity),
    movies: new Int32Array(capacity),
    ratings: new Float32Array(capacity),
    timestamps: new Uint32Array(capacity),
    row: 0,
  };
  let carry = new Uint8Array(0);
  let header = true;
  for await (const bytes of chunksOf(file, reads)) {
    let start = 0;
    if (header) {
      start = bytes.indexOf(NEWLINE) + 1;
      header = false;
    } else if (carry.length > 0) {
      // The line cut by the last chunk's end, completed: a small buffer of its own.
      const newline = bytes.indexOf(NEWLINE);
      const line = new Uint8Array(carry.length + newline + 1);
      line.set(carry);
      line.set(bytes.subarray(0, newline + 1), carry.length);
      parseLines(line, 0, out);
      start = newline + 1;
    }
    carry = bytes.slice(parseLines(bytes, start, out));
  }
  const seconds = (performance.now() - started) / 1000;
  let checksum = 0;
  for (let r = 0; r < out.row; r += 997) checksum += out.users[r]! + out.movies[r]! + out.ratings[r]! + out.timestamps[r]!;
  return { rows: out.row, seconds, checksum };
}

/** The worker's scope, typed by hand: the bench's files are checked with the DOM lib, where
 * `self` is a Window. One message in (the File and how to read it), one out. */
interface WorkerScope {
  onmessage: ((event: MessageEvent<{ file: Blob; reads: PlainLoopReads }>) => void) | null;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  plainLoop(event.data.file, event.data.reads).then(
    (result) => scope.postMessage({ ok: true, result }),
    (error: unknown) => scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
