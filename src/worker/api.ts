/**
 * The one typed door between the UI and the worker. The UI imports only these *types* (plus
 * the bridge in src/lib); everything here crosses postMessage, so it is plain data.
 *
 * Every call that can fail answers `{ ok: true, … } | Failure`: the UI decides from `code` and
 * the structured fields, never from the message, which is for the person to read.
 */
import type { DatasetSummary } from '../recsys/dataset';
import type { EngineName } from '../recsys/engines/trainer';
import type { ImportProblem } from '../recsys/import/import-problem';
import type { ImportReport } from '../recsys/import/build-dataset';
import type { EpochMetrics, RefitOutcome } from '../recsys/train';
import type { ModelKind, TrainingConfig } from '../recsys/training-config';
import type { RankingMetrics } from '../recsys/ranking-metrics';
import type { RankingEvaluation } from '../recsys/ranking-evaluation';
import type { PickFilter } from '../recsys/pick-filter';
import type { RankerEngineName } from '../recsys/engines/ranker-trainer';
import type { RankerIterationMetrics, RankerStart } from '../recsys/train-ranker';

export type {
  DatasetSummary,
  EngineName,
  EpochMetrics,
  ImportProblem,
  ImportReport,
  ModelKind,
  PickFilter,
  RankerEngineName,
  RankerIterationMetrics,
  RankerStart,
  RankingEvaluation,
  RankingMetrics,
  TrainingConfig,
};

export type * from './api-answers';
import type {
  ExplanationOutcome,
  MovieHit,
  PersonalPicks,
  QuestionsOutcome,
  RatingOutcome,
  SimilarMoviesOutcome,
  TasteMapOutcome,
  TopPicksOutcome,
} from './api-answers';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

import type { Outcome, RankedBy } from './api-outcome';

export type { Failure, FailureCode, Outcome, RankedBy } from './api-outcome';

export interface BackendInfo {
  readonly backend: BackendName;
  /** Why a faster backend was not used (e.g. "WebGPU: no adapter"); empty when WebGPU runs. */
  readonly fallbackReasons: readonly string[];
  /** With WebGPU: whether its adapter is a software one (SwiftShader, a fallback adapter), on
   * which the CPU runs the kernels and other settings pay off. */
  readonly softwareGpu?: boolean;
}

/** A dataset the worker holds. `datasetId` changes with every dataset made current. */
export interface LoadedDataset {
  readonly datasetId: number;
  readonly summary: DatasetSummary;
  readonly report: ImportReport;
  /** True when the dataset came from this browser's storage instead of being parsed. */
  readonly fromCache: boolean;
  readonly seconds: number;
}

export type ImportOutcome = Outcome<LoadedDataset>;

export interface ImportOptions {
  /** Parse workers for a large plain ratings file (default: one per core, at most 8); 0 streams
   * it through this worker alone. For the import bench's --workers. */
  readonly parseWorkers?: number;
}

export interface ImportProgress {
  /** The import this report belongs to: reports of a job that has answered are dropped. */
  readonly jobId: number;
  readonly stage: string;
  /** bytesRead / totalBytes (compressed bytes for a .zip). */
  readonly fraction: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
}

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

/** The split a ranking evaluation or a dataset export uses when the data has no given split:
 * the training form's seeded random split. */
export interface SplitSettings {
  readonly testFraction: number;
  readonly seed: number;
}

/** The formats Export model / Export ranker write: the app's own, Spark's ALSModel (zipped), implicit's .npz. */
export type ExportFormat = 'app' | 'spark' | 'implicit';

/** Where an imported model was trained, and what the app took from its file. */
export interface ExternalOrigin {
  readonly engine: 'spark' | 'implicit';
  readonly rank: number;
  /** Implicit: the factors score preference (the match); explicit: they predict ratings. */
  readonly feedback: 'implicit' | 'explicit';
  /** λ of fold-in (For you): the model's regParam / regularization until the person sets one. */
  readonly regularization: number;
  readonly alpha: number | undefined;
  /** How rows were matched to ids, or which Spark wrote it. */
  readonly rowIds: string;
  /** What the file did not say and was assumed (empty when it said everything). */
  readonly assumed: readonly string[];
  /** Dataset users / movies the model has no row for: they score 0. */
  readonly usersWithoutRow: number;
  readonly moviesWithoutRow: number;
}

/** The model the worker holds. `modelId` changes with every model made current. */
export interface ModelInfo {
  readonly modelId: number;
  readonly kind: ModelKind;
  readonly epochs: number;
  readonly bestTestRmse: number;
  readonly datasetName: string;
  readonly savedAt: string;
  /** Trained in this tab, restored from this browser's storage, or imported from a file. */
  readonly source: 'trained' | 'restored' | 'imported';
  /** Set when the model was trained by Spark or implicit and imported. */
  readonly origin?: ExternalOrigin;
  /** Set while the rating model still trains and this one stands in for it: the bias-only
   * baseline r̂ = μ + b_u + b_i (no taste), listed without stars. */
  readonly provisional?: true;
}

/** The ranking model the worker holds. `rankerId` changes with every one made current. */
export interface RankerInfo {
  readonly rankerId: number;
  readonly kind: 'ials';
  readonly factors: number;
  /** Sweeps of the kept model. */
  readonly iterations: number;
  /** NDCG@10 on the validation carve of the training ratings (null when not measured). */
  readonly validationNdcg: number | null;
  readonly datasetName: string;
  readonly savedAt: string;
  readonly source: 'trained' | 'restored' | 'imported';
  /** Set when the factors came from another engine (an imported Spark or implicit model). */
  readonly engine?: ExternalOrigin['engine'];
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

export type ModelOutcome = Outcome<ModelInfo>;

export type ExportOutcome = Outcome<{ readonly bytes: Uint8Array; readonly fileName: string }>;

/** An imported Spark or implicit model, and how it ranks on the test split. */
export type ExternalModelOutcome = Outcome<{
  readonly model: ModelInfo;
  /** Also the ranking model, for implicit feedback. */
  readonly ranker?: RankerInfo;
  readonly ranking: RankingEvaluation;
  readonly seconds: number;
}>;

export interface MemoryInfo {
  readonly numTensors: number;
  readonly numBytes: number;
  /** Bytes the WebGPU backend holds on the GPU (undefined on other backends). */
  readonly numBytesInGpu?: number;
}

export interface RecommenderWorkerApi {
  /**
   * Picks the fastest working backend: WebGPU, then WebGL, then CPU. `preferred` (the bench's
   * --backend) starts with that one instead. The first call decides; later calls return it.
   */
  initBackend(preferred?: BackendName): Promise<Outcome<BackendInfo>>;
  importFiles(files: readonly File[], onProgress: (progress: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
  /**
   * Loads a split made elsewhere (e.g. by another tool): ratings of `trainFiles` to train on,
   * of `testFiles` held out. Each side is rating files of any layout the app reads, plus an
   * optional movies file. Training then uses this split instead of a random one.
   */
  importGivenSplit(
    trainFiles: readonly File[],
    testFiles: readonly File[],
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  importDemo(): Promise<ImportOutcome>;
  /** Abandons a running import; the dataset loaded before stays. */
  cancelImport(): void;
  /** The dataset of the last visit from this browser's storage, when none is loaded yet. */
  restoreLastDataset(): Promise<ImportOutcome>;
  /** Resolves when the last import is in this browser's storage (false: it could not be saved). */
  datasetSaved(): Promise<boolean>;
  /** Deletes the stored datasets and unloads the current one. */
  forgetData(): Promise<Outcome>;
  train(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics & { readonly jobId: number }) => void,
    /** Which engine trains, and why a faster one was not used; before the first epoch. */
    onEngine: (engine: EngineName, note: string | undefined) => void,
    /** The ranking model's start and sweeps, after the rating model's epochs. */
    onRanker: (report: RankerReport) => void,
    /** Inside each epoch, sweep and the ranking evaluation: steps done of total. */
    onProgress: (progress: TrainingProgress) => void,
  ): Promise<TrainingOutcome>;
  /** Goes on from the last saved epoch (after an error such as a lost GPU), with the same
   * settings; the chart's earlier epochs come back with it. */
  resumeTraining(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics & { readonly jobId: number }) => void,
    onEngine: (engine: EngineName, note: string | undefined) => void,
    onRanker: (report: RankerReport) => void,
    onProgress: (progress: TrainingProgress) => void,
  ): Promise<TrainingOutcome>;
  /** Ends a running training after its current step; the model trained so far is kept. */
  stopTraining(): void;
  /** The user's best unseen movies, ordered by `rankedBy` (default: taste match when a ranking
   * model exists). */
  topPicks(userId: number, count: number, filter?: PickFilter, rankedBy?: RankedBy): Promise<TopPicksOutcome>;
  /** Nearest movies by cosine of their taste vectors, among movies with enough ratings. */
  similarMovies(movieId: number, count: number): Promise<SimilarMoviesOutcome>;
  /** Why `movieId` is predicted for a user of the dataset, or for the person ('me'). */
  explainPick(movieId: number, forUser: number | 'me'): Promise<ExplanationOutcome>;
  /** Titles matching `query`, best first (case- and accent-insensitive, "Matrix, The" aware);
   * none before data is loaded. */
  searchMovies(query: string, limit: number): Promise<readonly MovieHit[]>;
  /** Sets (0.5–5, in half stars) or removes (null) the person's rating; answers the new picks. */
  rateMovie(movieId: number, rating: number | null, count: number, rankedBy?: RankedBy): Promise<RatingOutcome>;
  personalPicks(count: number, rankedBy?: RankedBy): Promise<PersonalPicks>;
  /** The question deck's next `count` movies, none rated, answered "Haven't seen" or in `asked`
   * (what this page has shown already). */
  nextQuestions(count: number, asked: readonly number[]): Promise<QuestionsOutcome>;
  /** Marks (true) or unmarks (false) a movie as "Haven't seen": kept with the ratings, not asked
   * again, For you unchanged (a skip is no rating); answers the picks with the new list. */
  markNotSeen(movieId: number, notSeen: boolean, count: number, rankedBy?: RankedBy): Promise<RatingOutcome>;
  /** Live tensors and bytes; waits until a backend is ready (tfjs is never called before). */
  memory(): Promise<MemoryInfo>;
  /** Movie taste vectors projected to 2-D (PCA), sampled to `maxPoints`. */
  tasteMap(maxPoints: number): Promise<TasteMapOutcome>;
  /** The model of the last visit for the loaded dataset, from this browser's storage (its ranking
   * model too, when one was kept). */
  restoreModel(): Promise<ModelOutcome>;
  /** The ranking model the worker holds, if any (after a restore or an import). */
  rankerInfo(): Promise<RankerInfo | undefined>;
  /** The current ranking model as one file's bytes, in `format` (default the app's). */
  exportRanker(format?: ExportFormat): Promise<ExportOutcome>;
  /** The current MF model as one file's bytes (refused for the MLP or when there is none), in
   * the app's format (default), as a Spark ALSModel zip or as an implicit .npz. */
  exportModel(format?: ExportFormat): Promise<ExportOutcome>;
  /** The loaded dataset as a zip of Parquet files for Spark (ratings, movies, the test split). */
  exportDataset(split: SplitSettings): Promise<ExportOutcome>;
  /**
   * Imports a model trained by Spark MLlib (its ALSModel folder's files, or their .zip) or by
   * implicit (.npz) for the loaded dataset, then ranks it on the test split. Refused, with
   * nothing changed, unless every id is the dataset's and every number sound. Cancel: cancelImport.
   * `paths`: each file's path inside the model folder, for files from a dropped folder (those have
   * no webkitRelativePath); without it a file's webkitRelativePath or name is its path.
   */
  importExternalModel(
    files: readonly File[],
    split: SplitSettings,
    onProgress: (progress: ImportProgress) => void,
    paths?: readonly string[],
  ): Promise<ExternalModelOutcome>;
  /** The λ of fold-in (For you) for the current model; answers the model under its new id. */
  setFoldInRegularization(regularization: number): Promise<Outcome<{ readonly model: ModelInfo }>>;
  /** Reads a model file; refused (and nothing changes) unless it is sound and made for the
   * loaded dataset. A ranking model file (kind 'ials') replaces the ranking model and answers
   * `ranker`; the rating model stays. */
  importModel(file: File): Promise<Outcome<{ readonly model?: ModelInfo; readonly ranker?: RankerInfo }>>;
}
