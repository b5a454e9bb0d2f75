import { summarize } from '../../recsys/dataset';
import { ialsScores } from '../../recsys/models/ials';
import { personMatch, type DeckModel } from '../../recsys/question-deck';
import { personalEntries } from '../storage/storage';
import { scoreMoviesForVector } from '../../recsys/models/mf-weights';
import { foldInUser, popularityPickScores } from '../../recsys/personal';
import { pickEligibility, type PickFilter } from '../../recsys/pick-filter';
import { topN } from '../../recsys/recommend';
import type { MoviePick, PersonalPicks, RankedBy, RatingOutcome, TopPicksOutcome } from '../api';
import type { CurrentRanker, Session } from '../session';
import type { WorkerContext } from './context';
import { myRatingsList, notSeenList, personalRatingsOf, toMoviePick } from './movie-shapes';

/** The order actually used: taste match needs a ranking model; it is the default when there is one. */
function effectiveOrder(session: Session, asked: RankedBy | undefined): RankedBy {
  return session.ranker && asked !== 'rating' ? 'match' : 'rating';
}

/**
 * The picks of one set of scores: the best `count` by `order` among eligible unseen movies, each
 * with its predicted rating (the rating model: people read stars) and its match (the ranking model).
 */
function listPicks(
  session: Session,
  predicted: Float32Array,
  match: Float32Array | undefined,
  order: RankedBy,
  count: number,
  excluded: ArrayLike<number>,
  eligible: (movie: number) => boolean,
): MoviePick[] {
  const { dataset, indexes } = session.data!;
  const ordering = order === 'match' && match ? match : predicted;
  return topN(ordering, count, excluded, eligible).map(({ movie }) => ({
    ...toMoviePick(dataset, { movie, score: predicted[movie]! }),
    ...(match && { match: match[movie]! }),
    ratingCount: indexes.ratingsPerMovie[movie]!,
  }));
}

function rankerScoresOf(ranker: CurrentRanker, user: number): Float32Array {
  const k = ranker.model.factors;
  return ialsScores(ranker.model, ranker.model.userFactors.subarray(user * k, (user + 1) * k));
}

/** The `count` best unseen movies for a user of the dataset, among those that pass `filter`. */
export async function topPicks(
  { session }: WorkerContext,
  userId: number,
  count: number,
  filter: PickFilter = {},
  rankedBy?: RankedBy,
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
  const order = effectiveOrder(session, rankedBy);
  const predicted = await current.model.scoreAllMovies(user);
  const match = session.ranker && rankerScoresOf(session.ranker, user);
  const rated = indexes.moviesRatedBy(user);
  return {
    ok: true,
    minimumRatings: indexes.minimumRatings,
    userId,
    ratedCount: rated.length,
    rankedBy: order,
    picks: listPicks(session, predicted, match, order, count, rated, pickEligibility(indexes, filter)),
  };
}

/**
 * The person's picks: their ratings folded into the trained models (a k × k solve against the
 * frozen movie factors for each, no retraining), or before any rating the movies the rating
 * model rates best among those with enough ratings.
 */
export function personalPicks({ session }: WorkerContext, count: number, rankedBy?: RankedBy): PersonalPicks {
  const started = performance.now();
  const data = session.data;
  const order = effectiveOrder(session, rankedBy);
  if (!data) return { ratings: [], notSeen: [], picks: [], basis: 'none', message: 'Load data first.', millis: 0, rankedBy: order };
  const ratings = myRatingsList(data);
  const notSeen = notSeenList(data);
  const mf = session.mfModel;
  if (!mf) {
    const message = session.model
      ? 'Picks from your own ratings need an MF model: train Biased MF or MF.'
      : 'Train a model to get picks from your ratings.';
    return { ratings, notSeen, picks: [], basis: 'none', message, millis: performance.now() - started, rankedBy: order };
  }
  const { indexes } = data;
  const theirs = personalRatingsOf(data);
  const basis = theirs.length > 0 ? 'your-ratings' : 'popular';
  let predicted: Float32Array;
  let match: Float32Array | undefined;
  const ranker = session.ranker;
  if (basis === 'your-ratings') {
    const person = foldInUser(mf.weights, theirs, mf.config.regularization, mf.useBias);
    predicted = scoreMoviesForVector(mf.weights, person.factors, person.bias);
    if (ranker) match = personMatch(deckModelOf(ranker), theirs);
  } else {
    predicted = popularityPickScores(mf.weights);
  }
  // Before any rating there is no taste to match: the list is the rating model's well-rated popular movies.
  const listOrder = match ? order : 'rating';
  const excluded = theirs.map((r) => r.movie);
  const picks = listPicks(session, predicted, match, listOrder, count, excluded, pickEligibility(indexes));
  return { ratings, notSeen, picks, basis, millis: performance.now() - started, rankedBy: listOrder };
}

/** The ranking model as the question deck and For you fold a person in. */
export function deckModelOf(ranker: CurrentRanker): DeckModel {
  return { model: ranker.model, movieGram: ranker.movieGram(), config: ranker.config, meanTasteScores: ranker.meanTasteScores() };
}

/** Keeps the person's ratings and "Haven't seen" answers in this browser (best effort). */
async function savePersonal({ session, storage }: WorkerContext): Promise<void> {
  const data = session.data;
  if (!data?.fingerprint) return;
  await storage.savePersonalRatings(data.fingerprint, personalEntries(data.myRatings, data.notSeen)).catch(() => undefined);
}

/** Marks or unmarks a movie as "Haven't seen" (a rated movie loses its rating: the answers
 * exclude each other) and answers the picks. */
export async function markNotSeen(
  context: WorkerContext,
  movieId: number,
  notSeen: boolean,
  count: number,
  rankedBy?: RankedBy,
): Promise<RatingOutcome> {
  const data = context.session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  if (data.dataset.movies.indexOf(movieId) === undefined) {
    return { ok: false, code: 'unknown-movie', message: `There is no movie ${movieId} in this dataset.` };
  }
  if (notSeen) {
    data.notSeen.add(movieId);
    data.myRatings.delete(movieId);
  } else {
    data.notSeen.delete(movieId);
  }
  await savePersonal(context);
  return { ok: true, ...personalPicks(context, count, rankedBy) };
}

/** Sets (0.5–5 in half stars) or removes (null) the person's rating of a movie, keeps it in
 * storage and answers the new picks. */
export async function rateMovie(
  context: WorkerContext,
  movieId: number,
  rating: number | null,
  count: number,
  rankedBy?: RankedBy,
): Promise<RatingOutcome> {
  const data = context.session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  if (data.dataset.movies.indexOf(movieId) === undefined) {
    return { ok: false, code: 'unknown-movie', message: `There is no movie ${movieId} in this dataset.` };
  }
  if (rating === null) data.myRatings.delete(movieId);
  else if (rating >= 0.5 && rating <= 5 && Number.isInteger(rating * 2)) data.myRatings.set(movieId, rating);
  else return { ok: false, code: 'bad-input', message: `A rating is 0.5 to 5 in half stars, not ${rating}.` };
  if (rating !== null) data.notSeen.delete(movieId);
  await savePersonal(context);
  return { ok: true, ...personalPicks(context, count, rankedBy) };
}
