/**
 * What a training tells the page through the worker API: its start, its progress inside each
 * long piece of work, the ranking model's reports and the first picks, and its result. Plain
 * data, re-exported by api.ts, the one door.
 */
import type { EngineName } from '../recsys/engines/trainer';
import type { RankerEngineName } from '../recsys/engines/ranker-trainer';
import type { RankingEvaluation } from '../recsys/ranking-evaluation';
import type { RankingMetrics } from '../recsys/ranking-metrics';
import type { EpochMetrics, RefitOutcome } from '../recsys/training-outcome';
import type { RankerIterationMetrics, RankerStart } from '../recsys/train-ranker';
import type { ModelInfo, RankerInfo } from './api-models';
import type { Outcome } from './api-outcome';

export interface TrainingStart {
  readonly jobId: number;
  readonly trainCount: number;
  readonly testCount: number;
  /** Test RMSE of the bias-only model r̂ = μ + b_u + b_i, the line a model must beat. */
  readonly baselineTestRmse: number;
}

/** Where a training job is inside its current long piece of work, for the progress bar. Sent
 * at most every TRAINING_PROGRESS_INTERVAL_MS (and when a piece completes); counting it reads
 * nothing back from the GPU. */
export interface TrainingProgress {
  readonly jobId: number;
  /** The rating model's epoch, the ranking model's sweeps, or the ranking evaluation after them. */
  readonly phase: 'rating-model' | 'ranking-model' | 'ranking-evaluation';
  /** What the bar shows, e.g. "Epoch 3 of 30", "Ranking model: sweep 2 of 16 (validation)". */
  readonly label: string;
  readonly done: number;
  readonly total: number;
  /** What `done` counts: mini-batch steps, half-sweeps (all users, or all movies, solved) or users. */
  readonly unit: 'steps' | 'half-sweeps' | 'users';
  /** Training ratings per second in this piece so far (null where it is not ratings that run). */
  readonly ratingsPerSecond: number | null;
  /** At this piece's pace so far (null before there is one). */
  readonly secondsLeft: number | null;
}

/** What the ranking model's training reports while it runs, after the rating model's epochs. */
export type RankerReport = { readonly jobId: number } & (
  ({ readonly type: 'start' } & RankerStart) | ({ readonly type: 'iteration' } & RankerIterationMetrics) | PicksReady
);

/**
 * Picks can be listed now, during a training: the ranking model orders them and a provisional
 * rating model (the bias baseline) stands in until the real one is trained.
 * 'early': the ranking model of validation sweep `iteration`, the first to clear the gate
 * (train-ranker.ts, EARLY_PICKS_GATE); 'ranker': the final ranking model, the rating model next.
 */
export interface PicksReady {
  readonly type: 'picks';
  readonly phase: FirstPicksPhase;
  readonly model: ModelInfo;
  readonly ranker: RankerInfo;
  /** Seconds since the training started. */
  readonly seconds: number;
}

export type FirstPicksPhase = 'early' | 'ranker';

export interface TrainingResult {
  readonly state: 'done' | 'stopped';
  readonly engine: EngineName;
  readonly history: readonly EpochMetrics[];
  /** The epoch whose weights the model now holds (validation's choice when early stopping; with
   * a refit, the epochs the refit ran). */
  readonly keptEpoch: number;
  readonly bestEpoch: number;
  /** Test RMSE of the model kept (the refit's when there was one): chosen by validation, never by test. */
  readonly reportedTestRmse: number;
  /** Validation RMSE of the chosen epoch (NaN without a carve). */
  readonly validationRmse: number;
  readonly refit?: RefitOutcome;
  readonly model: ModelInfo;
  /** Top-10 ranking quality on the test split, and the popularity baseline's; absent when the
   * model cannot be scored on the CPU (the MLP). */
  readonly ranking?: RankingEvaluation;
  /** The ranking model trained after the rating model (absent with ranker 'none', or when the
   * training was stopped before it started). */
  readonly ranker?: RankerInfo;
  readonly rankerEngine?: RankerEngineName;
  /** The ranking model's GPU compute dispatches (so the bench counts the rating model's apart). */
  readonly rankerDispatches?: number;
  /** Its sweeps, as the live reports gave them. */
  readonly rankerHistory?: readonly RankerIterationMetrics[];
  /** When the first picks could be listed (seconds since the training started) and, if the
   * training was asked to measure them (measureFirstPicks), their quality on the test split. */
  readonly firstPicks?: {
    readonly seconds: number;
    /** The sweep of the model that listed them, and its factors (a large set's scout has fewer). */
    readonly iteration: number;
    readonly factors: number;
    /** The list as Top picks showed it then, and popularity's, on the same test users. */
    readonly ranking?: RankingMetrics;
    readonly popularity?: RankingMetrics;
  };
}

export type TrainingOutcome = Outcome<TrainingResult>;
