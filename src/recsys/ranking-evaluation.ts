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
}

/** Top-10 ranking quality of an MF model on the test split: over all movies, as the app lists
 * picks, and the popularity baseline's, on the same sampled users. */
export function evaluateRanking(split: TrainTestSplit, weights: MatrixFactorizationWeights): RankingEvaluation {
  const { userCount, movieCount } = weights;
  const common = { train: split.train, test: split.test, userCount, movieCount, k: 10, maxUsers: RANKING_MAX_USERS, seed: 1 };
  const popularity = popularityScores(split.train, movieCount);
  // As the app lists picks: only movies with enough ratings (popularity is that count).
  const minimumRatings = minimumRatingsFor(popularity);
  const asListed = (user: number) => {
    const scores = scoreAllMoviesMf(weights, user);
    for (let i = 0; i < movieCount; i++) if ((popularity[i] ?? 0) < minimumRatings) scores[i] = Number.NaN;
    return scores;
  };
  return {
    model: rankingMetrics({ ...common, scoreUser: (user) => scoreAllMoviesMf(weights, user) }),
    modelAsListed: { ...rankingMetrics({ ...common, scoreUser: asListed }), minimumRatings },
    popularity: rankingMetrics({ ...common, scoreUser: () => popularity }),
  };
}
