import { ialsScores, type IalsModel } from './models/ials';
import { scoreAllMoviesMf, type MatrixFactorizationWeights } from './models/mf-weights';
import { minimumRatingsFor } from './personal';
import { popularityScores, rankingMetrics, type RankingMetrics } from './ranking-metrics';
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
 * sampled users. */
export function evaluateRanking(split: TrainTestSplit, weights: MatrixFactorizationWeights, ranker?: IalsModel): RankingEvaluation {
  const { userCount, movieCount } = weights;
  const common = { train: split.train, test: split.test, userCount, movieCount, k: 10, maxUsers: RANKING_MAX_USERS, seed: 1 };
  const popularity = popularityScores(split.train, movieCount);
  // As the app lists picks: only movies with enough ratings (popularity is that count).
  const minimumRatings = minimumRatingsFor(popularity);
  const listed = (scores: Float32Array) => {
    for (let i = 0; i < movieCount; i++) if ((popularity[i] ?? 0) < minimumRatings) scores[i] = Number.NaN;
    return scores;
  };
  const rankerScores = (user: number) => {
    const k = ranker!.factors;
    return ialsScores(ranker!, ranker!.userFactors.subarray(user * k, (user + 1) * k));
  };
  const modelAsListed = { ...rankingMetrics({ ...common, scoreUser: (user) => listed(scoreAllMoviesMf(weights, user)) }), minimumRatings };
  return {
    model: rankingMetrics({ ...common, scoreUser: (user) => scoreAllMoviesMf(weights, user) }),
    modelAsListed,
    popularity: rankingMetrics({ ...common, scoreUser: () => popularity }),
    ...(ranker && { ranker: rankingMetrics({ ...common, scoreUser: rankerScores }) }),
    picks: ranker
      ? { ...rankingMetrics({ ...common, scoreUser: (user) => listed(rankerScores(user)) }), rankedBy: 'match', minimumRatings }
      : { ...modelAsListed, rankedBy: 'rating' },
  };
}
