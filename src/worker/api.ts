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
import type { ImportReport } from '../recsys/import/import-report';
import type { EpochMetrics } from '../recsys/training-outcome';
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

export type * from './api-import';
import type { ImportOptions, ImportOutcome, ImportProgress } from './api-import';
export type * from './api-models';
import type { ExportFormat, ExportOutcome, ExternalModelOutcome, ModelInfo, ModelOutcome, RankerInfo } from './api-models';
export type * from './api-training';
import type { RankerReport, TrainingOutcome, TrainingProgress, TrainingStart } from './api-training';

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

/** The split a ranking evaluation or a dataset export uses when the data has no given split:
 * the training form's seeded random split. */
export interface SplitSettings {
  readonly testFraction: number;
  readonly seed: number;
}

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
