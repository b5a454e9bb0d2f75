import type { Dataset } from '../../recsys/dataset';
import { clip } from '../../recsys/predict';
import type { ScoredMovie } from '../../recsys/recommend';
import type { MoviePick, MyRating, NotSeenMovie } from '../api';
import type { LoadedData } from '../session';

/** A scored movie as the page shows it: MovieLens id, title, genres, the clipped prediction. */
export function toMoviePick(dataset: Dataset, { movie, score }: ScoredMovie): MoviePick {
  const info = dataset.movieInfo[movie];
  return {
    movieId: dataset.movies.rawId(movie),
    title: info?.title ?? '',
    genres: info?.genres ?? [],
    predicted: clip(score, dataset.ratingScale),
  };
}

/** The person's ratings by dense movie index (every stored id is known: import checks). */
export function personalRatingsOf({ dataset, myRatings }: LoadedData): { movie: number; rating: number }[] {
  const ratings: { movie: number; rating: number }[] = [];
  for (const [movieId, rating] of myRatings) {
    const movie = dataset.movies.indexOf(movieId);
    if (movie !== undefined) ratings.push({ movie, rating });
  }
  return ratings;
}

/** The person's ratings with titles, for the page's list. */
export function myRatingsList({ dataset, myRatings }: LoadedData): MyRating[] {
  return [...myRatings].map(([movieId, rating]) => {
    const movie = dataset.movies.indexOf(movieId);
    return { movieId, rating, title: movie === undefined ? String(movieId) : (dataset.movieInfo[movie]?.title ?? '') };
  });
}

/** The movies the person answered "Haven't seen", with titles. */
export function notSeenList({ dataset, notSeen }: LoadedData): NotSeenMovie[] {
  return [...notSeen].map((movieId) => {
    const movie = dataset.movies.indexOf(movieId);
    return { movieId, title: movie === undefined ? String(movieId) : (dataset.movieInfo[movie]?.title ?? '') };
  });
}
