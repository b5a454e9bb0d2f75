import * as Comlink from 'comlink';
import type {
  BackendInfo,
  BackendName,
  EpochMetrics,
  ImportOutcome,
  ImportProgress,
  ExplanationOutcome,
  MemoryInfo,
  ModelOutcome,
  MovieHit,
  PickFilter,
  SimilarMoviesOutcome,
  TasteMap,
  PersonalPicks,
  RecommenderWorkerApi,
  TopPicksOutcome,
  TrainingConfig,
  TrainingResult,
  TrainingStart,
} from '../worker/api';

/**
 * The UI's single bridge to the recommender worker. Only the worker API's types are imported;
 * Comlink carries the calls. Long calls take an AbortSignal, which becomes the worker's stop().
 */
/** Callbacks of a training call; aborting `signal` stops it after the current step. */
export interface TrainingHandlers {
  readonly onStart: (start: TrainingStart) => void;
  readonly onEpoch: (metrics: EpochMetrics) => void;
  readonly onEngine?: (engine: string, note: string | undefined) => void;
  readonly signal: AbortSignal;
}

export interface RecommenderClient {
  initBackend(preferred?: BackendName): Promise<BackendInfo>;
  importFiles(files: readonly File[], onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome>;
  importGivenSplit(
    trainFiles: readonly File[],
    testFiles: readonly File[],
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  importDemo(): Promise<ImportOutcome>;
  cancelImport(): Promise<void>;
  restoreLastDataset(): Promise<ImportOutcome | undefined>;
  datasetSaved(): Promise<boolean>;
  forgetData(): Promise<void>;
  train(
    config: TrainingConfig,
    handlers: TrainingHandlers,
  ): Promise<TrainingResult>;
  /** Like train, from the last saved epoch (after an error). */
  resumeTraining(
    config: TrainingConfig,
    handlers: TrainingHandlers,
  ): Promise<TrainingResult>;
  topPicks(userId: number, count: number, filter?: PickFilter): Promise<TopPicksOutcome>;
  similarMovies(movieId: number, count: number): Promise<SimilarMoviesOutcome>;
  explainPick(movieId: number, forUser: number | 'me'): Promise<ExplanationOutcome>;
  searchMovies(query: string, limit: number): Promise<readonly MovieHit[]>;
  rateMovie(movieId: number, rating: number | null, count: number): Promise<PersonalPicks>;
  personalPicks(count: number): Promise<PersonalPicks>;
  memory(): Promise<MemoryInfo>;
  restoreModel(): Promise<ModelOutcome | undefined>;
  tasteMap(maxPoints: number): Promise<TasteMap | undefined>;
  exportModel(): Promise<{ ok: true; bytes: Uint8Array; fileName: string } | { ok: false; message: string }>;
  importModel(file: File): Promise<ModelOutcome>;
  terminate(): void;
}

export function createRecommenderClient(): RecommenderClient {
  const worker = new Worker(new URL('../worker/recommender.worker.ts', import.meta.url), {
    type: 'module',
    name: 'recommender',
  });
  const remote = Comlink.wrap<RecommenderWorkerApi>(worker);
  /** A training call whose AbortSignal becomes the worker's stop(). */
  async function trainWith(
    start: Comlink.Remote<RecommenderWorkerApi>['train'],
    config: TrainingConfig,
    { onStart, onEpoch, onEngine = () => undefined, signal }: TrainingHandlers,
  ): Promise<TrainingResult> {
    const stop = () => void remote.stop();
    signal.addEventListener('abort', stop);
    try {
      return await start(config, Comlink.proxy(onStart), Comlink.proxy(onEpoch), Comlink.proxy(onEngine));
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
  return {
    initBackend: (preferred) => remote.initBackend(preferred),
    importFiles: (files, onProgress) => remote.importFiles(files, Comlink.proxy(onProgress)),
    importGivenSplit: (trainFiles, testFiles, onProgress) =>
      remote.importGivenSplit(trainFiles, testFiles, Comlink.proxy(onProgress)),
    importDemo: () => remote.importDemo(),
    cancelImport: () => remote.cancelImport(),
    restoreLastDataset: () => remote.restoreLastDataset(),
    datasetSaved: () => remote.datasetSaved(),
    forgetData: () => remote.forgetData(),
    train: (config, handlers) => trainWith(remote.train, config, handlers),
    resumeTraining: (config, handlers) => trainWith(remote.resumeTraining, config, handlers),
    topPicks: (userId, count, filter) => remote.topPicks(userId, count, filter),
    similarMovies: (movieId, count) => remote.similarMovies(movieId, count),
    explainPick: (movieId, forUser) => remote.explainPick(movieId, forUser),
    searchMovies: (query, limit) => remote.searchMovies(query, limit),
    rateMovie: (movieId, rating, count) => remote.rateMovie(movieId, rating, count),
    personalPicks: (count) => remote.personalPicks(count),
    memory: () => remote.memory(),
    restoreModel: () => remote.restoreModel(),
    tasteMap: (maxPoints) => remote.tasteMap(maxPoints),
    exportModel: () => remote.exportModel(),
    importModel: (file) => remote.importModel(file),
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
