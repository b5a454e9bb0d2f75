/** Writing large CSV files: 4 MiB chunks with backpressure, digits written as bytes. */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK_BYTES = 4 << 20;

/**
 * A file written in large chunks, waiting for the stream to drain when its buffer is full; never
 * holds the file in memory. Hot loops write bytes straight into `buffer` from `position` (after
 * making room with `reserve`) and advance `position` themselves.
 */
export class ChunkedWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined = undefined;
  /** The chunk being filled; replaced by a fresh one at each flush. */
  buffer: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  /** Bytes used in `buffer`. */
  position = 0;
  /** Bytes handed to the stream so far. */
  bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Room for at least `bytes` more (at most a chunk); flushes (waiting if the stream is backed up) when not. */
  async reserve(bytes: number): Promise<void> {
    if (this.position + bytes > this.buffer.length) await this.flush();
  }

  /** Appends `text` (ASCII); call `reserve` first. */
  writeAscii(text: string): void {
    this.position += this.buffer.write(text, this.position, 'latin1');
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.position === 0) return;
    const full = this.buffer.subarray(0, this.position);
    this.bytes += this.position;
    // The stream keeps `full` until written: the next chunk goes to a fresh buffer.
    this.buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.position = 0;
    if (!this.stream.write(full)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves on 'drain'; rejects on 'error' (removing the other listener either way). */
  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}

/** ASCII digits of `value` (a non-negative integer) into `buffer` at `at`; returns the position after them. */
export function writeDigits(buffer: Uint8Array, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  const end = at + digits;
  let rest = value;
  for (let i = end - 1; i >= at; i--) {
    buffer[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return end;
}
