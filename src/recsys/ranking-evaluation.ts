import { ialsScores, type IalsModel } from './models/ials';
import { scoreAllMoviesMf, type MatrixFactorizationWeights } from './models/mf-weights';
import { minimumRatingsFor } from './personal';
import { popularityScores, rankingMetricsOf, type EvaluationProgress, type RankingMetrics } from './ranking-metrics';
import type { TrainTestSplit } from './split';

/** Users sampled for the ranking metrics: all of ml-latest-small's 610; a seeded 1,000 of a
 * bigger set (scoring every movie for 162k users would take minutes). */
export const RANKING_MAX_USERS = 1000;

export interface RankingEvaluation {
  readonly model: RankingMetrics;
  /** The model's ranking among movies with at least `minimumRatings` training ratings, as the
   * app lists its picks. */
  readonly modelAsListed: RankingMetrics & { readonly minimumRatings: number };
  readonly popularity: RankingMetrics;
  /** The ranking model over every movie, when there is one. */
  readonly ranker?: RankingMetrics;
  /** Exactly the list Top picks shows with default settings: ordered by the ranking model when
   * there is one (else by the rating model), among movies with enough ratings. */
  readonly picks: RankingMetrics & { readonly rankedBy: 'match' | 'rating'; readonly minimumRatings: number };
}

/** Top-10 ranking quality on the test split of an MF model (over all movies and as listed), of
 * the ranking model, of the list Top picks shows, and of the popularity baseline, on the same
 * sampled users, in one pass over them (each model scores a user once). */
export async function evaluateRanking(
  split: TrainTestSplit,
  weights: MatrixFactorizationWeights,
  ranker?: IalsModel,
  progress: EvaluationProgress = {},
): Promise<RankingEvaluation> {
  const { userCount, movieCount } = weights;
  const common = { train: split.train, test: split.test, userCount, movieCount, k: 10, maxUsers: RANKING_MAX_USERS, seed: 1 };
  const popularity = popularityScores(split.train, movieCount);
  // As the app lists picks: only movies with enough ratings (popularity is that count).
  const minimumRatings = minimumRatingsFor(popularity);
  const listed = (scores: Float32Array) => {
    for (let i = 0; i < movieCount; i++) if ((popularity[i] ?? 0) < minimumRatings) scores[i] = Number.NaN;
    return scores;
  };
  // Each user's scores are computed once and then narrowed to the listed movies in place: the
  // scorers run in this order for a user before the next user (rankingMetricsOf).
  let mfScores: Float32Array = new Float32Array(0);
  let rankerOwn: Float32Array = new Float32Array(0);
  const rankerScores = (model: IalsModel, user: number) => {
    const k = model.factors;
    return ialsScores(model, model.userFactors.subarray(user * k, (user + 1) * k));
  };
  const mf = {
    model: (user: number) => (mfScores = scoreAllMoviesMf(weights, user)),
    modelAsListed: () => listed(mfScores),
    popularity: () => popularity,
  };
  if (!ranker) {
    const metrics = await rankingMetricsOf(common, mf, progress);
    const modelAsListed = { ...metrics.modelAsListed, minimumRatings };
    return { model: metrics.model, modelAsListed, popularity: metrics.popularity, picks: { ...modelAsListed, rankedBy: 'rating' } };
  }
  const metrics = await rankingMetricsOf(
    common,
    {
      ...mf,
      ranker: (user: number) => (rankerOwn = rankerScores(ranker, user)),
      picks: () => listed(rankerOwn),
    },
    progress,
  );
  return {
    model: metrics.model,
    modelAsListed: { ...metrics.modelAsListed, minimumRatings },
    popularity: metrics.popularity,
    ranker: metrics.ranker,
    picks: { ...metrics.picks, rankedBy: 'match', minimumRatings },
  };
}
