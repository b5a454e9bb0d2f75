import { Unzip, UnzipInflate } from 'fflate';
import type { DatasetBuilder } from './build-dataset';
import { fatal } from './import-problem';
import { ignoredByName } from './layouts';

/** A file to import: its name, byte size and bytes in chunks (a File's stream in the browser). */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

export interface ReadHooks {
  /** Called with the bytes consumed so far after each chunk (compressed bytes for a .zip). */
  readonly onBytes?: (bytesRead: number) => void;
  /** Polled after each chunk; true abandons the import with an ImportCancelled. */
  readonly isCancelled?: () => boolean;
}

export class ImportCancelled extends Error {
  override name = 'ImportCancelled';
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Streams every source into the builder, chunk by chunk. A .zip (as MovieLens downloads come)
 * is inflated on the fly with fflate, entry by entry; entries the app does not need (tags, the
 * tag genome, READMEs) are not even decompressed.
 */
export async function readSources(builder: DatasetBuilder, sources: readonly ByteSource[], hooks: ReadHooks = {}): Promise<void> {
  let bytesRead = 0;
  const afterChunk = (size: number) => {
    bytesRead += size;
    hooks.onBytes?.(bytesRead);
    if (hooks.isCancelled?.()) throw new ImportCancelled('import cancelled');
  };
  for (const source of sources) {
    if (/\.zip$/i.test(source.name)) {
      await readZip(builder, source, afterChunk);
      continue;
    }
    const sink = builder.openFile(source.name);
    for await (const chunk of source.chunks()) {
      sink.push(chunk);
      afterChunk(chunk.length);
    }
    sink.end();
  }
}

async function readZip(builder: DatasetBuilder, source: ByteSource, afterChunk: (size: number) => void): Promise<void> {
  let failure: unknown;
  let entries = 0;
  const unfinished = new Set<string>();
  const unzip = new Unzip((entry) => {
    const name = baseName(entry.name);
    if (entry.name.endsWith('/') || name === '' || entry.name.includes('__MACOSX')) return;
    entries++;
    if (ignoredByName(name)) {
      // Still recorded as ignored, without inflating it.
      builder.openFile(name, true).end();
      return;
    }
    const sink = builder.openFile(name, true);
    unfinished.add(name);
    entry.ondata = (error, data, final) => {
      if (failure) return;
      try {
        if (error) throw error;
        sink.push(data);
        if (final) {
          unfinished.delete(name);
          sink.end();
        }
      } catch (caught) {
        failure = caught;
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of source.chunks()) {
      unzip.push(chunk);
      if (failure) throw failure;
      afterChunk(chunk.length);
    }
    unzip.push(new Uint8Array(0), true);
    if (failure) throw failure;
    // fflate does not complain about a cut-off archive: an entry simply never ends.
    if (unfinished.size > 0) throw new Error(`it ends in the middle of ${[...unfinished].join(', ')}`);
  } catch (error) {
    if (error instanceof ImportCancelled) throw error;
    if (error instanceof Error && error.name === 'ImportError') throw error;
    throw fatal(
      source.name,
      undefined,
      `the archive could not be read (${error instanceof Error ? error.message : String(error)})`,
      'a .zip file as downloaded from MovieLens',
    );
  }
  if (entries === 0) throw fatal(source.name, undefined, 'the archive holds no files', 'a .zip of MovieLens files');
}

/** A source over bytes already in memory, in chunks of `chunkSize` (tests, small texts). */
export function bytesSource(name: string, bytes: Uint8Array, chunkSize = 1 << 20): ByteSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    },
  };
}
