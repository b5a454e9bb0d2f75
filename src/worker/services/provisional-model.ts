/**
 * What a training stands on before its rating model is done: the bias baseline as a provisional
 * rating model (listed without stars beside the ranking model's first picks), and the answers of
 * a training stopped before the rating model started.
 */
import type { BiasBaseline } from '../../recsys/baseline';
import { MfRecommenderModel } from '../../recsys/engines/trainer';
import type { MatrixFactorizationWeights } from '../../recsys/models/mf-weights';
import type { RankingMetrics } from '../../recsys/ranking-metrics';
import type { TrainingConfig } from '../../recsys/training-config';
import type { ModelInfo, TrainingOutcome, TrainingResult } from '../api';
import type { Session } from '../session';
import type { trainRankerFor } from './ranker-training';

export type TrainedRanker = Awaited<ReturnType<typeof trainRankerFor>>;

export function rankerResult(ranker: TrainedRanker) {
  return {
    ranker: ranker.info,
    rankerEngine: ranker.outcome.engine,
    rankerDispatches: ranker.outcome.dispatches,
    rankerHistory: ranker.outcome.history,
  };
}

/** The answer of a training stopped before its rating model started: the baseline stands in. */
export function stoppedBeforeRatingModel(
  model: ModelInfo,
  ranker: TrainedRanker | undefined,
  firstPicks: TrainingResult['firstPicks'],
): TrainingOutcome {
  return {
    ok: true,
    state: 'stopped',
    engine: 'cpu-gibbs',
    history: [],
    keptEpoch: 0,
    bestEpoch: 0,
    reportedTestRmse: Number.NaN,
    validationRmse: Number.NaN,
    model,
    ...(ranker && rankerResult(ranker)),
    ...(firstPicks && { firstPicks }),
  };
}

/** The bias baseline as an MF model without factors: r̂ = μ + b_u + b_i. */
export function baselineWeights(baseline: BiasBaseline, shape: { userCount: number; movieCount: number }): MatrixFactorizationWeights {
  return {
    ...shape,
    factors: 0,
    globalMean: baseline.globalMean,
    userFactors: new Float32Array(0),
    movieFactors: new Float32Array(0),
    userBias: baseline.userBias,
    movieBias: baseline.movieBias,
  };
}

/** Makes the bias baseline the current rating model, marked provisional, while the real one trains. */
export function adoptBaseline(
  session: Session,
  datasetName: string,
  baseline: BiasBaseline,
  shape: { userCount: number; movieCount: number },
  config: TrainingConfig,
): ModelInfo {
  return session.replaceModel({
    model: new MfRecommenderModel('biased-mf', baselineWeights(baseline, shape)),
    config,
    file: undefined,
    info: {
      kind: 'biased-mf',
      epochs: 0,
      bestTestRmse: Number.NaN,
      datasetName,
      savedAt: new Date().toISOString(),
      source: 'trained',
      provisional: true,
    },
  });
}

export function earlyProgress(at: { readonly iteration: number; readonly validation: RankingMetrics }) {
  return { iterations: at.iteration, validationNdcg: at.validation.ndcgAtK, history: [] };
}
