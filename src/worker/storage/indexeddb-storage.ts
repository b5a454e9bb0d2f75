import { clear, createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { StoredDataset } from '../../recsys/import/stored-dataset';
import type { ModelSlot, PersonalRatingEntries, RecommenderStorage } from './storage';

/** Fingerprints of the stored datasets, most recent first. */
const RECENT_KEY = 'recent-fingerprints';
/** How many datasets are kept: the current one and the two before it (MovieLens files can be
 * large; older ones are evicted). */
const KEEP = 3;
/** Rows per stored piece of a column: each put clones one piece (≤ 16 MB), never a whole
 * 100 MB column, so storing a 25M-rating dataset does not double the tab's memory. */
const PIECE_ROWS = 1 << 22;
const COLUMNS = ['user', 'movie', 'rating', 'timestamp'] as const;
type ColumnName = (typeof COLUMNS)[number];
type ColumnArray = Int32Array | Float32Array | Uint32Array;
type StoredMeta = Omit<StoredDataset, ColumnName> & { readonly rows: number };
const COLUMN_TYPES = { user: Int32Array, movie: Int32Array, rating: Float32Array, timestamp: Uint32Array } as const;

const pieceKey = (fingerprint: string, column: ColumnName, piece: number) => `${fingerprint}#${column}#${piece}`;
const ratingsKey = (fingerprint: string) => `my-ratings#${fingerprint}`;
// The rating model keeps the key it had before ranking models existed, so stored models still load.
const modelKey = (fingerprint: string, slot: ModelSlot) => (slot === 'rating' ? `model#${fingerprint}` : `${slot}-model#${fingerprint}`);

/**
 * Everything kept between visits in IndexedDB (via idb-keyval), in this browser profile only:
 * datasets as columns in pieces plus a meta record, the person's ratings, the last model file.
 */
export class IndexedDbStorage implements RecommenderStorage {
  private readonly store: UseStore = createStore('movie-recommender', 'datasets');

  async loadDataset(fingerprint: string): Promise<StoredDataset | undefined> {
    const meta = await get<StoredMeta>(fingerprint, this.store);
    if (!meta) return undefined;
    const columns: Partial<Record<ColumnName, ColumnArray>> = {};
    for (const column of COLUMNS) {
      const out = new COLUMN_TYPES[column](meta.rows);
      for (let piece = 0; piece * PIECE_ROWS < meta.rows; piece++) {
        const values = await get<ColumnArray>(pieceKey(fingerprint, column, piece), this.store);
        if (!values || values.length !== Math.min(PIECE_ROWS, meta.rows - piece * PIECE_ROWS)) return undefined;
        out.set(values, piece * PIECE_ROWS);
      }
      columns[column] = out;
    }
    return { ...meta, ...columns } as StoredDataset;
  }

  async loadLastDataset(): Promise<StoredDataset | undefined> {
    const [last] = await this.recent();
    return last ? this.loadDataset(last) : undefined;
  }

  async saveDataset(stored: StoredDataset): Promise<void> {
    const { user, movie, rating, timestamp, ...rest } = stored;
    const columns = { user, movie, rating, timestamp };
    const rows = rating.length;
    for (const column of COLUMNS) {
      for (let piece = 0; piece * PIECE_ROWS < rows; piece++) {
        const values = columns[column].slice(piece * PIECE_ROWS, Math.min(rows, (piece + 1) * PIECE_ROWS));
        await set(pieceKey(stored.fingerprint, column, piece), values, this.store);
      }
    }
    // The meta record goes last: a dataset is only found once all its pieces are in.
    await set(stored.fingerprint, { ...rest, rows }, this.store);
    await this.markLast(stored.fingerprint);
  }

  async markLast(fingerprint: string): Promise<void> {
    const order = [fingerprint, ...(await this.recent()).filter((f) => f !== fingerprint)];
    for (const evicted of order.slice(KEEP)) await this.deleteDataset(evicted);
    await set(RECENT_KEY, order.slice(0, KEEP), this.store);
  }

  async forgetAll(): Promise<void> {
    await clear(this.store);
  }

  async loadPersonalRatings(fingerprint: string): Promise<PersonalRatingEntries> {
    const entries = await get<PersonalRatingEntries>(ratingsKey(fingerprint), this.store);
    return Array.isArray(entries) ? entries : [];
  }

  async savePersonalRatings(fingerprint: string, entries: PersonalRatingEntries): Promise<void> {
    await set(ratingsKey(fingerprint), entries, this.store);
  }

  async loadModel(fingerprint: string, slot: ModelSlot = 'rating'): Promise<Uint8Array | undefined> {
    const bytes = await get<Uint8Array>(modelKey(fingerprint, slot), this.store);
    return bytes instanceof Uint8Array ? bytes : undefined;
  }

  async saveModel(fingerprint: string, bytes: Uint8Array, slot: ModelSlot = 'rating'): Promise<void> {
    await set(modelKey(fingerprint, slot), bytes, this.store);
  }

  private async recent(): Promise<string[]> {
    return (await get<string[]>(RECENT_KEY, this.store)) ?? [];
  }

  private async deleteDataset(fingerprint: string): Promise<void> {
    const meta = await get<StoredMeta>(fingerprint, this.store);
    if (meta) {
      for (const column of COLUMNS) {
        for (let piece = 0; piece * PIECE_ROWS < meta.rows; piece++) await del(pieceKey(fingerprint, column, piece), this.store);
      }
    }
    await del(fingerprint, this.store);
  }
}
