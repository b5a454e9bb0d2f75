import { summarize } from '../../recsys/dataset';
import { scoreMoviesForVector } from '../../recsys/models/mf-weights';
import { foldInUser, popularityPickScores } from '../../recsys/personal';
import { pickEligibility, type PickFilter } from '../../recsys/pick-filter';
import { topN } from '../../recsys/recommend';
import type { PersonalPicks, RatingOutcome, TopPicksOutcome } from '../api';
import type { WorkerContext } from './context';
import { myRatingsList, personalRatingsOf, toMoviePick } from './movie-shapes';

/** The `count` best unseen movies for a user of the dataset, among those that pass `filter`. */
export async function topPicks(
  { session }: WorkerContext,
  userId: number,
  count: number,
  filter: PickFilter = {},
): Promise<TopPicksOutcome> {
  const data = session.data;
  const current = session.model;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  if (!current) return { ok: false, code: 'no-model', message: 'Train a model first.' };
  const { dataset, indexes } = data;
  const user = dataset.users.indexOf(userId);
  if (user === undefined) {
    const [min, max] = summarize(dataset).userIdRange;
    return { ok: false, code: 'unknown-user', message: `There is no user ${userId} in this dataset (user ids run from ${min} to ${max}).` };
  }
  const scores = await current.model.scoreAllMovies(user);
  const rated = indexes.moviesRatedBy(user);
  const best = topN(scores, count, rated, pickEligibility(indexes, filter));
  return {
    ok: true,
    minimumRatings: indexes.minimumRatings,
    userId,
    ratedCount: rated.length,
    picks: best.map((scored) => toMoviePick(dataset, scored)),
  };
}

/**
 * The person's picks: fold their ratings into the trained MF model (a ridge solve against the
 * frozen movie factors, no retraining), or before any rating the movies the model rates best
 * among those with enough ratings.
 */
export function personalPicks({ session }: WorkerContext, count: number): PersonalPicks {
  const started = performance.now();
  const data = session.data;
  if (!data) return { ratings: [], picks: [], basis: 'none', message: 'Load data first.', millis: 0 };
  const ratings = myRatingsList(data);
  const mf = session.mfModel;
  if (!mf) {
    const message = session.model
      ? 'Picks from your own ratings need an MF model: train Biased MF or MF.'
      : 'Train a model to get picks from your ratings.';
    return { ratings, picks: [], basis: 'none', message, millis: performance.now() - started };
  }
  const { dataset, indexes } = data;
  const theirs = personalRatingsOf(data);
  const basis = theirs.length > 0 ? 'your-ratings' : 'popular';
  let scores: Float32Array;
  if (basis === 'your-ratings') {
    const person = foldInUser(mf.weights, theirs, mf.config.regularization, mf.useBias);
    scores = scoreMoviesForVector(mf.weights, person.factors, person.bias);
  } else {
    scores = popularityPickScores(mf.weights);
  }
  const best = topN(
    scores,
    count,
    theirs.map((r) => r.movie),
    pickEligibility(indexes),
  );
  return { ratings, picks: best.map((scored) => toMoviePick(dataset, scored)), basis, millis: performance.now() - started };
}

/** Sets (0.5–5 in half stars) or removes (null) the person's rating of a movie, keeps it in
 * storage and answers the new picks. */
export async function rateMovie(context: WorkerContext, movieId: number, rating: number | null, count: number): Promise<RatingOutcome> {
  const data = context.session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  if (data.dataset.movies.indexOf(movieId) === undefined) {
    return { ok: false, code: 'unknown-movie', message: `There is no movie ${movieId} in this dataset.` };
  }
  if (rating === null) data.myRatings.delete(movieId);
  else if (rating >= 0.5 && rating <= 5 && Number.isInteger(rating * 2)) data.myRatings.set(movieId, rating);
  else return { ok: false, code: 'bad-input', message: `A rating is 0.5 to 5 in half stars, not ${rating}.` };
  if (data.fingerprint) await context.storage.savePersonalRatings(data.fingerprint, [...data.myRatings]).catch(() => undefined);
  return { ok: true, ...personalPicks(context, count) };
}
