/**
 * A file's bytes as they arrive in chunks: joined into one array, the UTF-8 byte-order mark left
 * out, and the first line read (what decides which MovieLens file it is).
 */

export function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function withoutByteOrderMark(bytes: Uint8Array): Uint8Array {
  // A UTF-8 byte-order mark is not part of the first line (Excel writes one).
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** The first line of a file's first bytes, for classifyFile (at most 4 KiB of a line without an end). */
export function firstLineOf(head: Uint8Array): string {
  const bytes = withoutByteOrderMark(head);
  const newline = bytes.indexOf(10);
  return new TextDecoder('windows-1252').decode(bytes.subarray(0, newline === -1 ? Math.min(bytes.length, 4096) : newline));
}
