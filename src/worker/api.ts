/**
 * The one typed door between the UI and the worker. The UI imports only these *types* (plus
 * the bridge in src/lib); everything here crosses postMessage, so it is plain data.
 */
import type { DatasetSummary } from '../recsys/dataset';
import type { ImportProblem } from '../recsys/import/import-problem';
import type { ImportReport } from '../recsys/import/build-dataset';
import type { EpochMetrics } from '../recsys/train';
import type { TrainingConfig } from '../recsys/training-config';
import type { RankingMetrics } from '../recsys/ranking-metrics';
import type { ScoreBreakdown } from '../recsys/personal';

export type { DatasetSummary, EpochMetrics, ImportProblem, ImportReport, RankingMetrics, TrainingConfig };

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

export interface BackendInfo {
  readonly backend: BackendName;
  /** Why a faster backend was not used (e.g. "WebGPU: no adapter"); empty when WebGPU runs. */
  readonly fallbackReasons: readonly string[];
}

export type ImportOutcome =
  | {
      readonly ok: true;
      readonly summary: DatasetSummary;
      readonly report: ImportReport;
      /** True when the dataset came from this browser's storage instead of being parsed. */
      readonly fromCache: boolean;
      readonly seconds: number;
    }
  | { readonly ok: false; readonly problem: ImportProblem }
  | { readonly ok: false; readonly cancelled: true };

export interface ImportProgress {
  readonly stage: string;
  /** bytesRead / totalBytes (compressed bytes for a .zip). */
  readonly fraction: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
}

export interface TrainingStart {
  readonly trainCount: number;
  readonly testCount: number;
  /** Test RMSE of the bias-only model r̂ = μ + b_u + b_i, the line a model must beat. */
  readonly baselineTestRmse: number;
}

export interface TrainingResult {
  readonly state: 'done' | 'stopped';
  /** The engine that trained: "webgpu-fused" (MF kernels) or "tfjs-autodiff". */
  readonly engine: string;
  readonly history: readonly EpochMetrics[];
  /** The epoch whose weights the model now holds (the best test RMSE when early stopping). */
  readonly keptEpoch: number;
  readonly bestEpoch: number;
  readonly bestTestRmse: number;
  /** Top-10 ranking quality on the test split, and the popularity baseline's; absent when the
   * model cannot be scored on the CPU (the MLP). */
  readonly ranking?: {
    readonly model: RankingMetrics;
    /** The model's ranking among movies with at least `minimumRatings` training ratings, as the
     * app lists its picks. */
    readonly modelAsListed: RankingMetrics & { readonly minimumRatings: number };
    readonly popularity: RankingMetrics;
  };
}

export interface Pick {
  readonly movieId: number;
  readonly title: string;
  readonly genres: readonly string[];
  /** Clipped to the dataset's rating scale. */
  readonly predicted: number;
}

export type TopPicksOutcome =
  | {
      readonly ok: true;
      readonly userId: number;
      readonly ratedCount: number;
      /** Picks come from movies with at least this many ratings (obscure titles left out). */
      readonly minimumRatings: number;
      readonly picks: readonly Pick[];
    }
  | { readonly ok: false; readonly message: string };

export interface MovieHit {
  readonly movieId: number;
  readonly title: string;
  readonly genres: readonly string[];
  readonly ratingCount: number;
  /** The person's own rating of it, if any. */
  readonly myRating?: number;
}

export interface MyRating {
  readonly movieId: number;
  readonly title: string;
  readonly rating: number;
}

/** "For you": picks from the person's own ratings (fold-in), or well-rated popular movies before
 * any rating. */
export interface PersonalPicks {
  readonly ratings: readonly MyRating[];
  readonly picks: readonly Pick[];
  readonly basis: 'your-ratings' | 'popular' | 'none';
  /** Why there are no picks (no data, no model, a model that cannot fold in). */
  readonly message?: string;
  /** Time the worker took to fold in and rank, for the "< 100 ms" promise. */
  readonly millis: number;
}

export interface PickFilter {
  readonly genre?: string;
  readonly yearFrom?: number;
  readonly yearTo?: number;
}

export type SimilarMoviesOutcome =
  | {
      readonly ok: true;
      readonly movie: { readonly movieId: number; readonly title: string };
      readonly minimumRatings: number;
      readonly similar: readonly { movieId: number; title: string; genres: readonly string[]; similarity: number }[];
    }
  | { readonly ok: false; readonly message: string };

/** Why a movie is predicted as it is: the parts of r̂ and the rater's liked movies most like it. */
export type ExplanationOutcome =
  | {
      readonly ok: true;
      readonly movieId: number;
      readonly title: string;
      readonly parts: ScoreBreakdown;
      /** The prediction clipped to the rating scale (parts.total is before clipping). */
      readonly predicted: number;
      readonly because: readonly { movieId: number; title: string; rating: number; similarity: number }[];
    }
  | { readonly ok: false; readonly message: string };

export interface TasteMap {
  /** A sample of movies (the most rated ones), at their 2-D position. */
  readonly points: readonly { movieId: number; title: string; genre: string; x: number; y: number }[];
  /** The person's taste (folded in from their ratings), when they have rated something. */
  readonly me?: { readonly x: number; readonly y: number };
  readonly totalMovies: number;
}

export type ModelOutcome =
  | {
      readonly ok: true;
      readonly kind: string;
      readonly epochs: number;
      readonly bestTestRmse: number;
      readonly datasetName: string;
      readonly savedAt: string;
    }
  | { readonly ok: false; readonly message: string };

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
  initBackend(preferred?: BackendName): Promise<BackendInfo>;
  importFiles(files: readonly File[], onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome>;
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
  /** The dataset of the last visit from this browser's storage, if any and none is loaded. */
  restoreLastDataset(): Promise<ImportOutcome | undefined>;
  /** Resolves when the last import is in this browser's storage (false: it could not be saved). */
  datasetSaved(): Promise<boolean>;
  /** Deletes the stored dataset and unloads the current one. */
  forgetData(): Promise<void>;
  train(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics) => void,
    /** Which engine trains, and why a faster one was not used; before the first epoch. */
    onEngine?: (engine: string, note: string | undefined) => void,
  ): Promise<TrainingResult>;
  /** Goes on from the last saved epoch (after an error such as a lost GPU), with the same
   * settings; the chart's earlier epochs come back with it. */
  resumeTraining(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics) => void,
    onEngine?: (engine: string, note: string | undefined) => void,
  ): Promise<TrainingResult>;
  /** Ends a running training after its current step; the model trained so far is kept. */
  stop(): void;
  topPicks(userId: number, count: number, filter?: PickFilter): Promise<TopPicksOutcome>;
  /** Nearest movies by cosine of their taste vectors, among movies with enough ratings. */
  similarMovies(movieId: number, count: number): Promise<SimilarMoviesOutcome>;
  /** Why `movieId` is predicted for a user of the dataset, or for the person ('me'). */
  explainPick(movieId: number, forUser: number | 'me'): Promise<ExplanationOutcome>;
  /** Titles matching `query`, best first (case- and accent-insensitive, "Matrix, The" aware). */
  searchMovies(query: string, limit: number): Promise<readonly MovieHit[]>;
  /** Sets (0.5–5, in half stars) or removes (null) the person's rating; returns the new picks. */
  rateMovie(movieId: number, rating: number | null, count: number): Promise<PersonalPicks>;
  personalPicks(count: number): Promise<PersonalPicks>;
  memory(): MemoryInfo;
  /** Movie taste vectors projected to 2-D (PCA), sampled to `maxPoints`; undefined without an MF model. */
  tasteMap(maxPoints: number): Promise<TasteMap | undefined>;
  /** The model of the last visit for the loaded dataset, from this browser's storage. */
  restoreModel(): Promise<ModelOutcome | undefined>;
  /** The current MF model as one file's bytes (refused for the MLP or when there is none). */
  exportModel(): Promise<{ ok: true; bytes: Uint8Array; fileName: string } | { ok: false; message: string }>;
  /** Reads a model file; refused (and nothing changes) unless it is sound and made for the
   * loaded dataset. */
  importModel(file: File): Promise<ModelOutcome>;
}
