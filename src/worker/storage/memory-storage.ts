import type { StoredDataset } from '../../recsys/import/stored-dataset';
import type { ModelSlot, PersonalRatingEntries, RecommenderStorage } from './storage';

/** Storage in Maps: for unit tests of the services, and the same eviction rule as IndexedDB's. */
export class MemoryStorage implements RecommenderStorage {
  readonly datasets = new Map<string, StoredDataset>();
  readonly ratings = new Map<string, PersonalRatingEntries>();
  readonly models = new Map<string, Uint8Array>();
  /** Fingerprints, most recent first. */
  private recent: string[] = [];

  constructor(private readonly keep = 3) {}

  async loadDataset(fingerprint: string) {
    return this.datasets.get(fingerprint);
  }

  async loadLastDataset() {
    const [last] = this.recent;
    return last === undefined ? undefined : this.datasets.get(last);
  }

  async saveDataset(stored: StoredDataset) {
    this.datasets.set(stored.fingerprint, stored);
    await this.markLast(stored.fingerprint);
  }

  async markLast(fingerprint: string) {
    const order = [fingerprint, ...this.recent.filter((f) => f !== fingerprint)];
    for (const evicted of order.slice(this.keep)) this.datasets.delete(evicted);
    this.recent = order.slice(0, this.keep);
  }

  async forgetAll() {
    this.datasets.clear();
    this.ratings.clear();
    this.models.clear();
    this.recent = [];
  }

  async loadPersonalRatings(fingerprint: string) {
    return this.ratings.get(fingerprint) ?? [];
  }

  async savePersonalRatings(fingerprint: string, entries: PersonalRatingEntries) {
    this.ratings.set(fingerprint, entries);
  }

  async loadModel(fingerprint: string, slot: ModelSlot = 'rating') {
    return this.models.get(`${fingerprint}#${slot}`);
  }

  async saveModel(fingerprint: string, bytes: Uint8Array, slot: ModelSlot = 'rating') {
    this.models.set(`${fingerprint}#${slot}`, bytes.slice());
  }
}
