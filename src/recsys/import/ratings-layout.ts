/**
 * What a line of an all-numeric MovieLens ratings file holds and which values are accepted: the
 * layout (separator, which field is which, header lines) that layouts.ts detects and both paths
 * of the ratings parser read by, and the ranges of a rating and a timestamp.
 */
export interface RatingsLayout {
  /** Bytes between fields: "," for CSV, "::" for .dat, "\t" for u.data. */
  readonly separator: string;
  readonly fieldCount: number;
  readonly userField: number;
  readonly movieField: number;
  readonly ratingField: number;
  /** -1 when the file has no timestamps. */
  readonly timestampField: number;
  /** Lines before the first rating (1 for a CSV header). */
  readonly headerLines: number;
  /** How a line looks, for messages: e.g. "userId,movieId,rating,timestamp". */
  readonly description: string;
}

export const RATING_RANGE = { min: 0.5, max: 5 } as const;
export const MAX_TIMESTAMP = 2 ** 32 - 1;
