/** The bytes of `blob` as its stream delivers them (a File's in the browser), releasing the
 * reader however the caller stops. Shared by the import's single stream and the parse workers. */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
