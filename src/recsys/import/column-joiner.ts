/**
 * The contract between the dataset builder and whoever joins a ratings file's columns elsewhere
 * (the parse workers, each column in a thread of its own): what is asked of it and what comes
 * back.
 */

/** A ratings file's rating and timestamp columns, joined, with the smallest rating and whether
 * any is not a whole star, over all rows. */
export interface JoinedRatingColumns {
  readonly rating: Float32Array;
  readonly timestamp: Uint32Array;
  readonly minRating: number;
  readonly hasHalfStars: boolean;
}

/** A ratings file's four columns, joined, the ids mapped to dense indices. */
export interface MappedRatingColumns extends JoinedRatingColumns {
  readonly user: Int32Array;
  readonly movie: Int32Array;
}

/**
 * Joins the columns of a ratings file's parts elsewhere (in parse workers), each column in a
 * thread of its own; the parts' blocks move there. One of the two is called, once.
 */
export interface ColumnJoiner {
  /** All four columns, the raw ids mapped through the tables (raw id → dense index). */
  joinMapped(userTable: Int32Array, movieTable: Int32Array): Promise<MappedRatingColumns>;
  /** The rating and timestamp columns (the ids are mapped by the builder meanwhile). */
  joinRatingColumns(): Promise<JoinedRatingColumns>;
}
