import type { Dataset } from './dataset';
import { yearOfTitle } from './movie-year';
import { minimumRatingsFor } from './personal';
import { countRatingsPerMovie, indexRatingsByUser, moviesRatedBy, type UserRatingsIndex } from './recommend';
import { TitleIndex } from './search';

/**
 * What picks, search and filters look up in a dataset, each built on first use: an import need
 * not spend 4 bytes per rating (or a title index) on things a person may never ask for. Belongs
 * to one dataset and goes with it.
 */
export class DatasetIndexes {
  private ratedByUserIndex?: UserRatingsIndex;
  private ratingsPerMovieCounts?: Int32Array;
  private titleIndex?: TitleIndex;
  private years?: Int16Array;

  constructor(readonly dataset: Dataset) {}

  /** Dense indices of the movies `user` rated. */
  moviesRatedBy(user: number): Int32Array {
    this.ratedByUserIndex ??= indexRatingsByUser(this.dataset.ratings, this.dataset.users.size);
    return moviesRatedBy(this.ratedByUserIndex, user);
  }

  get ratingsPerMovie(): Int32Array {
    return (this.ratingsPerMovieCounts ??= countRatingsPerMovie(this.dataset.ratings, this.dataset.movies.size));
  }

  /** How many ratings a movie needs to be listed (see minimumRatingsFor). */
  get minimumRatings(): number {
    return minimumRatingsFor(this.ratingsPerMovie);
  }

  get titles(): TitleIndex {
    return (this.titleIndex ??= new TitleIndex(
      this.dataset.movieInfo.map((m) => m.title),
      this.ratingsPerMovie,
    ));
  }

  /** Release year per movie from its title, 0 when the title has none. */
  get movieYears(): Int16Array {
    return (this.years ??= Int16Array.from(this.dataset.movieInfo, (m) => yearOfTitle(m.title) ?? 0));
  }
}
