import { PERSON_RIDGE_SCALE } from '../../recsys/question-deck';
import { clip } from '../../recsys/predict';
import { cosineToAll, foldInUser, scoreBreakdown, userFactorsOf } from '../../recsys/personal';
import { topN } from '../../recsys/recommend';
import { placeMovies, placePerson } from '../../recsys/taste-map';
import { explainIalsMatch } from '../../recsys/models/ials-explain';
import type { ExplanationMatch, ExplanationOutcome, Failure, MovieHit, SimilarMoviesOutcome, TasteMapOutcome } from '../api';
import type { CurrentMfModel, CurrentRanker, LoadedData } from '../session';
import type { WorkerContext } from './context';
import { personalRatingsOf } from './movie-shapes';

/** How many liked movies "because you rated …" names. */
const BECAUSE_COUNT = 3;
/** A rating at or above this counts as liked, for "because you rated …". */
const LIKED_RATING = 4;

/** While the rating model trains, the bias baseline stands in: it has no taste vectors to explain or map. */
const PROVISIONAL_MESSAGE = 'This comes when the rating model has trained: the ranking model lists the picks first.';

/** The dataset and an MF model, with the movie's dense index; or why not. */
function mfAndMovie(
  { session }: WorkerContext,
  movieId: number,
  needsMfMessage: string,
): { data: LoadedData; mf: CurrentMfModel; movie: number } | Failure {
  const data = session.data;
  const movie = data?.dataset.movies.indexOf(movieId);
  if (!data || movie === undefined) return { ok: false, code: 'unknown-movie', message: `There is no movie ${movieId} in this dataset.` };
  const mf = session.mfModel;
  if (!mf) {
    const code = session.model ? 'unsupported-model' : 'no-model';
    return { ok: false, code, message: needsMfMessage };
  }
  if (mf.info.provisional) return { ok: false, code: 'no-model', message: PROVISIONAL_MESSAGE };
  return { data, mf, movie };
}

function withMovie({ session }: WorkerContext, movieId: number): { data: LoadedData; movie: number } | Failure {
  const data = session.data;
  const movie = data?.dataset.movies.indexOf(movieId);
  if (!data || movie === undefined) return { ok: false, code: 'unknown-movie', message: `There is no movie ${movieId} in this dataset.` };
  return { data, movie };
}

/** Nearest movies by cosine of their factors, among movies with enough ratings: the ranking
 * model's when there is one (they find movies the same people liked 1.6× as often: docs/models.md,
 * "Ranking"), else the MF model's taste vectors. */
export async function similarMovies(context: WorkerContext, movieId: number, count: number): Promise<SimilarMoviesOutcome> {
  const ranker = context.session.ranker;
  const found = ranker
    ? withMovie(context, movieId)
    : mfAndMovie(context, movieId, 'Similar movies need a trained MF model (Biased MF or MF).');
  if ('ok' in found) return found;
  const { data, movie } = found;
  const { dataset, indexes } = data;
  const { ratingsPerMovie, minimumRatings } = indexes;
  const table = ranker?.model ?? context.session.mfModel!.weights;
  const best = topN(cosineToAll(table, movie), count, [movie], (i) => (ratingsPerMovie[i] ?? 0) >= minimumRatings);
  return {
    ok: true,
    factors: ranker ? 'ranking' : 'rating',
    movie: { movieId, title: dataset.movieInfo[movie]?.title ?? '' },
    minimumRatings,
    similar: best.map(({ movie: i, score }) => ({
      movieId: dataset.movies.rawId(i),
      title: dataset.movieInfo[i]?.title ?? '',
      genres: dataset.movieInfo[i]?.genres ?? [],
      similarity: score,
    })),
  };
}

/** Why `movieId` is predicted as it is for a user of the dataset or for the person ('me'): the
 * parts of r̂, and their well-rated movies closest to it in taste space. */
export async function explainPick(context: WorkerContext, movieId: number, forUser: number | 'me'): Promise<ExplanationOutcome> {
  const found = mfAndMovie(context, movieId, 'Explanations need a trained MF model (Biased MF or MF).');
  if ('ok' in found) return found;
  const { data, mf, movie } = found;
  const { dataset } = data;
  let factors: ArrayLike<number>;
  let bias: number;
  let theirRatings: { movie: number; rating: number }[];
  if (forUser === 'me') {
    theirRatings = personalRatingsOf(data);
    const folded = foldInUser(mf.weights, theirRatings, mf.config.regularization, mf.useBias);
    factors = folded.factors;
    bias = folded.bias;
  } else {
    const user = dataset.users.indexOf(forUser);
    if (user === undefined) return { ok: false, code: 'unknown-user', message: `There is no user ${forUser} in this dataset.` };
    factors = userFactorsOf(mf.weights, user);
    bias = mf.weights.userBias[user] ?? 0;
    theirRatings = ratingsOfUser(data, user);
  }
  const parts = scoreBreakdown(mf.weights, factors, bias, movie);
  const similarity = cosineToAll(mf.weights, movie);
  const similarityOf = (i: number) => similarity[i] ?? 0;
  const because = theirRatings
    .filter((r) => r.rating >= LIKED_RATING && r.movie !== movie)
    .sort((a, b) => similarityOf(b.movie) - similarityOf(a.movie) || a.movie - b.movie)
    .slice(0, BECAUSE_COUNT)
    .map((r) => ({
      movieId: dataset.movies.rawId(r.movie),
      title: dataset.movieInfo[r.movie]?.title ?? '',
      rating: r.rating,
      similarity: similarityOf(r.movie),
    }));
  const title = dataset.movieInfo[movie]?.title ?? '';
  const ranker = context.session.ranker;
  const match = ranker && explainMatch(data, ranker, theirRatings, movie, forUser === 'me' ? PERSON_RIDGE_SCALE : 1);
  return { ok: true, movieId, title, parts, predicted: clip(parts.total, dataset.ratingScale), because, ...(match && { match }) };
}

/** The ranking model's match of a movie, split into the rated movies it comes from. */
function explainMatch(
  { dataset }: LoadedData,
  ranker: CurrentRanker,
  ratings: readonly { movie: number; rating: number }[],
  movie: number,
  ridgeScale: number,
): NonNullable<ExplanationMatch> {
  const explained = explainIalsMatch(
    ranker.model,
    ranker.movieGram(),
    ratings.filter((r) => r.movie !== movie),
    ranker.config,
    movie,
    ridgeScale,
  );
  return {
    score: explained.match,
    because: explained.contributions
      .filter((c) => c.contribution > 0)
      .slice(0, BECAUSE_COUNT)
      .map((c) => ({
        movieId: dataset.movies.rawId(c.movie),
        title: dataset.movieInfo[c.movie]?.title ?? '',
        rating: c.rating,
        share: explained.match > 0 ? c.contribution / explained.match : 0,
      })),
  };
}

/** A training user's ratings (a scan of the rating columns: once per explanation). */
function ratingsOfUser({ dataset }: LoadedData, user: number): { movie: number; rating: number }[] {
  const { ratings } = dataset;
  const theirs: { movie: number; rating: number }[] = [];
  for (let r = 0; r < ratings.user.length; r++) {
    if (ratings.user[r] === user) theirs.push({ movie: ratings.movie[r] ?? 0, rating: ratings.rating[r] ?? 0 });
  }
  return theirs;
}

/** Titles matching `query`, best first, with the person's own rating of each. */
export async function searchMovies({ session }: WorkerContext, query: string, limit: number): Promise<readonly MovieHit[]> {
  const data = session.data;
  if (!data) return [];
  const { dataset, indexes, myRatings } = data;
  return indexes.titles.search(query, limit).map((movie) => {
    const movieId = dataset.movies.rawId(movie);
    return {
      movieId,
      title: dataset.movieInfo[movie]?.title ?? '',
      genres: dataset.movieInfo[movie]?.genres ?? [],
      ratingCount: indexes.ratingsPerMovie[movie] ?? 0,
      myRating: myRatings.get(movieId),
    };
  });
}

/** The most rated movies on a 2-D map of taste (PCA of their factors), and the person on it. */
export async function tasteMap({ session }: WorkerContext, maxPoints: number): Promise<TasteMapOutcome> {
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  const mf = session.mfModel;
  if (!mf) {
    const code = session.model ? 'unsupported-model' : 'no-model';
    return { ok: false, code, message: 'The taste map needs a trained MF model (Biased MF or MF).' };
  }
  if (mf.info.provisional) return { ok: false, code: 'no-model', message: PROVISIONAL_MESSAGE };
  const { dataset, indexes } = data;
  const points = placeMovies(mf.weights, indexes.ratingsPerMovie, maxPoints).map(({ movie, x, y }) => ({
    movieId: dataset.movies.rawId(movie),
    title: dataset.movieInfo[movie]?.title ?? '',
    genre: dataset.movieInfo[movie]?.genres[0] ?? 'none',
    x,
    y,
  }));
  const theirs = personalRatingsOf(data);
  const me =
    theirs.length > 0 ? placePerson(mf.weights, foldInUser(mf.weights, theirs, mf.config.regularization, mf.useBias).factors) : undefined;
  return { ok: true, points, me, totalMovies: dataset.movies.size };
}
