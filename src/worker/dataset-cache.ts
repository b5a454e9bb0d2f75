import { clear, createStore, del, get, set } from 'idb-keyval';
import type { StoredDataset } from '../recsys/import/stored-dataset';

/**
 * The imported dataset in IndexedDB (via idb-keyval), keyed by a fingerprint of its files, plus
 * which one was loaded last (restored on reload). Only this browser profile can read it.
 */
const store = createStore('movie-recommender', 'datasets');
/** Fingerprints of the stored datasets, most recent first. */
const RECENT_KEY = 'recent-fingerprints';
/** How many datasets are kept: the current one and the two before it (MovieLens files can be
 * large; older ones are evicted). */
const KEEP = 3;

/** Name and size of every file and SHA-256 of its first and last MiB: cheap even for a 650 MB
 * file. The modification time is left out on purpose: the same data downloaded or copied again
 * is the same dataset. */
export async function fingerprintFiles(files: readonly File[]): Promise<string> {
  const parts: string[] = [];
  for (const file of files) {
    const edge = 1 << 20;
    const head = await file.slice(0, edge).arrayBuffer();
    const tail = await file.slice(Math.max(0, file.size - edge)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', concat(new Uint8Array(head), new Uint8Array(tail)));
    parts.push(`${file.name}:${file.size}:${hex(digest)}`);
  }
  return parts.sort().join('|');
}

export async function loadCached(fingerprint: string): Promise<StoredDataset | undefined> {
  return get<StoredDataset>(fingerprint, store);
}

async function recent(): Promise<string[]> {
  return (await get<string[]>(RECENT_KEY, store)) ?? [];
}

export async function loadLast(): Promise<StoredDataset | undefined> {
  const [last] = await recent();
  return last ? loadCached(last) : undefined;
}

/** Stores a dataset as the most recent one, evicting the oldest beyond KEEP. */
export async function saveDataset(stored: StoredDataset): Promise<void> {
  await set(stored.fingerprint, stored, store);
  await markLast(stored.fingerprint);
}

/** Makes a stored dataset the most recent (the one a reload restores). */
export async function markLast(fingerprint: string): Promise<void> {
  const order = [fingerprint, ...(await recent()).filter((f) => f !== fingerprint)];
  for (const evicted of order.slice(KEEP)) await del(evicted, store);
  await set(RECENT_KEY, order.slice(0, KEEP), store);
}

export async function forgetAll(): Promise<void> {
  await clear(store);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
