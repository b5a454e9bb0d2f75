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

/** Rows per stored piece of a column: each put clones one piece (≤ 16 MB), never a whole
 * 100 MB column, so storing a 25M-rating dataset does not double the tab's memory. */
const PIECE_ROWS = 1 << 22;
const COLUMNS = ['user', 'movie', 'rating', 'timestamp'] as const;
type ColumnName = (typeof COLUMNS)[number];
type StoredMeta = Omit<StoredDataset, ColumnName> & { readonly rows: number };

const pieceKey = (fingerprint: string, column: ColumnName, piece: number) => `${fingerprint}#${column}#${piece}`;

export async function loadCached(fingerprint: string): Promise<StoredDataset | undefined> {
  const meta = await get<StoredMeta>(fingerprint, store);
  if (!meta) return undefined;
  const columns: Partial<Record<ColumnName, Int32Array | Float32Array | Uint32Array>> = {};
  const make = { user: Int32Array, movie: Int32Array, rating: Float32Array, timestamp: Uint32Array };
  for (const column of COLUMNS) {
    const out = new make[column](meta.rows);
    for (let piece = 0; piece * PIECE_ROWS < meta.rows; piece++) {
      const values = await get<Int32Array | Float32Array | Uint32Array>(pieceKey(fingerprint, column, piece), store);
      if (!values || values.length !== Math.min(PIECE_ROWS, meta.rows - piece * PIECE_ROWS)) return undefined;
      out.set(values, piece * PIECE_ROWS);
    }
    columns[column] = out;
  }
  return { ...meta, ...columns } as StoredDataset;
}

async function deleteDataset(fingerprint: string): Promise<void> {
  const meta = await get<StoredMeta>(fingerprint, store);
  if (meta) {
    for (const column of COLUMNS) {
      for (let piece = 0; piece * PIECE_ROWS < meta.rows; piece++) await del(pieceKey(fingerprint, column, piece), store);
    }
  }
  await del(fingerprint, store);
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
  const { user, movie, rating, timestamp, ...rest } = stored;
  const columns = { user, movie, rating, timestamp };
  const rows = rating.length;
  for (const column of COLUMNS) {
    for (let piece = 0; piece * PIECE_ROWS < rows; piece++) {
      const values = columns[column].slice(piece * PIECE_ROWS, Math.min(rows, (piece + 1) * PIECE_ROWS));
      await set(pieceKey(stored.fingerprint, column, piece), values, store);
    }
  }
  // The meta record goes last: a dataset is only found once all its pieces are in.
  await set(stored.fingerprint, { ...rest, rows }, store);
  await markLast(stored.fingerprint);
}

/** Makes a stored dataset the most recent (the one a reload restores). */
export async function markLast(fingerprint: string): Promise<void> {
  const order = [fingerprint, ...(await recent()).filter((f) => f !== fingerprint)];
  for (const evicted of order.slice(KEEP)) await deleteDataset(evicted);
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

/** The person's own ratings for a dataset: [MovieLens movieId, rating] pairs. */
export type PersonalRatingEntries = readonly (readonly [number, number])[];

const ratingsKey = (fingerprint: string) => `my-ratings#${fingerprint}`;

export async function loadPersonalRatings(fingerprint: string): Promise<PersonalRatingEntries> {
  const entries = await get<PersonalRatingEntries>(ratingsKey(fingerprint), store);
  return Array.isArray(entries) ? entries : [];
}

export async function savePersonalRatings(fingerprint: string, entries: PersonalRatingEntries): Promise<void> {
  await set(ratingsKey(fingerprint), entries, store);
}

const modelKey = (fingerprint: string) => `model#${fingerprint}`;

/** The trained model of a dataset, as a model file (see recsys/model-file.ts). */
export async function loadModelBytes(fingerprint: string): Promise<Uint8Array | undefined> {
  const bytes = await get<Uint8Array>(modelKey(fingerprint), store);
  return bytes instanceof Uint8Array ? bytes : undefined;
}

export async function saveModelBytes(fingerprint: string, bytes: Uint8Array): Promise<void> {
  await set(modelKey(fingerprint), bytes, store);
}
