import { MOVIELENS_GENRES } from '../../src/recsys/movie-genres';

/** The shape of MovieLens ml-25m that the synthetic dataset copies: its size, id and time ranges. */

/** ml-25m's size: the defaults of `npm run generate:ratings`. */
export const ML_25M_RATINGS = 25_000_095;
export const ML_25M_USERS = 162_541;
export const ML_25M_MOVIES = 59_047;

/** Movie ids are a sparse set in 1..MAX_MOVIE_ID. */
export const MAX_MOVIE_ID = 209_171;
export const MIN_TIMESTAMP = 789_652_009;
export const MAX_TIMESTAMP = 1_574_327_703;
/** MovieLens offered half stars from 2003-02-18; before that, whole stars only. */
export const HALF_STARS_FROM = 1_045_526_400;
export const MIN_RATINGS_PER_USER = 20;
/** ml-25m: the most active user rated 32,202 movies, ~209 times the mean (153.8). */
export const MAX_USER_TO_MEAN = 209;

export const GENRES: readonly string[] = [...MOVIELENS_GENRES, 'IMAX'].sort();
