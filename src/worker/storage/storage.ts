import type { StoredDataset } from '../../recsys/import/stored-dataset';

/** A dataset keeps one rating model (MF) and one ranking model (iALS). */
export type ModelSlot = 'rating' | 'ranking';

/** The person's own ratings for a dataset: [MovieLens movieId, rating] pairs; a rating of
 * NOT_SEEN (0, never a rating) marks a movie they answered "Haven't seen" in the deck. */
export type PersonalRatingEntries = readonly (readonly [number, number])[];

export const NOT_SEEN = 0;

/** The entries that store a person's ratings and their "Haven't seen" answers together. */
export function personalEntries(myRatings: ReadonlyMap<number, number>, notSeen: ReadonlySet<number>): PersonalRatingEntries {
  return [...myRatings, ...[...notSeen].map((movieId) => [movieId, NOT_SEEN] as const)];
}

/** Stored entries back into ratings and "Haven't seen" answers, keeping only movies `known`. */
export function splitPersonalEntries(
  entries: PersonalRatingEntries,
  known: (movieId: number) => boolean,
): { myRatings: Map<number, number>; notSeen: Set<number> } {
  const myRatings = new Map<number, number>();
  const notSeen = new Set<number>();
  for (const [movieId, rating] of entries) {
    if (!known(movieId)) continue;
    if (rating === NOT_SEEN) notSeen.add(movieId);
    else myRatings.set(movieId, rating);
  }
  return { myRatings, notSeen };
}

/**
 * What the worker keeps between visits, keyed by a dataset's fingerprint: the datasets (the most
 * recent few), the person's ratings of each, and each one's last model file. IndexedDB in the
 * app (indexeddb-storage.ts); a Map in unit tests (memory-storage.ts). Every method may reject
 * (no storage in a private window, quota): callers treat storage as a convenience.
 */
export interface RecommenderStorage {
  loadDataset(fingerprint: string): Promise<StoredDataset | undefined>;
  /** The dataset stored or marked last (the one a reload restores). */
  loadLastDataset(): Promise<StoredDataset | undefined>;
  /** Stores a dataset as the most recent one, evicting the oldest beyond the few kept. */
  saveDataset(stored: StoredDataset): Promise<void>;
  /** Makes a stored dataset the most recent. */
  markLast(fingerprint: string): Promise<void>;
  /** Deletes everything: datasets, ratings and models. */
  forgetAll(): Promise<void>;
  loadPersonalRatings(fingerprint: string): Promise<PersonalRatingEntries>;
  savePersonalRatings(fingerprint: string, entries: PersonalRatingEntries): Promise<void>;
  /** The last model file (recsys/model-file.ts) of a dataset in a slot (default 'rating'). */
  loadModel(fingerprint: string, slot?: ModelSlot): Promise<Uint8Array | undefined>;
  saveModel(fingerprint: string, bytes: Uint8Array, slot?: ModelSlot): Promise<void>;
}
