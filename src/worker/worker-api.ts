import type { RecommenderWorkerApi } from './api';
import type { ComputeBackend } from './backend';
import { JobGuard } from './job';
import { Session } from './session';
import type { RecommenderStorage } from './storage/storage';
import type { WorkerContext } from './services/context';
import { forgetData, importDemo, importFiles, importGivenSplit, restoreLastDataset } from './services/import-service';
import { explainPick, searchMovies, similarMovies, tasteMap } from './services/insight-service';
import { exportDataset, exportForEngine } from './services/engine-export';
import { importExternalModel, setFoldInRegularization } from './services/interop-service';
import { exportModel, importModel, restoreModel } from './services/model-service';
import { markNotSeen, personalPicks, rateMovie, topPicks } from './services/picks-service';
import { nextQuestions } from './services/question-service';
import { exportRanker } from './services/ranker-service';
import { runTraining, stopTraining } from './services/training-service';

/** The worker's API: each call hands one context (state, jobs, storage, backend) to a service. */
export function createWorkerApi(storage: RecommenderStorage, backend: ComputeBackend): RecommenderWorkerApi {
  const context: WorkerContext = { session: new Session(), jobs: new JobGuard(), storage, backend };
  return {
    initBackend: (preferred) => backend.start(preferred),
    importFiles: (files, onProgress, options) => importFiles(context, files, onProgress, options),
    importGivenSplit: (trainFiles, testFiles, onProgress) => importGivenSplit(context, trainFiles, testFiles, onProgress),
    importDemo: () => importDemo(context),
    cancelImport: () => context.jobs.cancel('import'),
    restoreLastDataset: () => restoreLastDataset(context),
    datasetSaved: () => context.session.datasetSaved,
    forgetData: () => forgetData(context),
    train: (config, onStart, onEpoch, onEngine, onRanker, onProgress) =>
      runTraining(context, config, { onStart, onEpoch, onEngine, onRanker, onProgress }, false),
    resumeTraining: (config, onStart, onEpoch, onEngine, onRanker, onProgress) =>
      runTraining(context, config, { onStart, onEpoch, onEngine, onRanker, onProgress }, true),
    stopTraining: () => stopTraining(context),
    topPicks: (userId, count, filter, rankedBy) => topPicks(context, userId, count, filter, rankedBy),
    similarMovies: (movieId, count) => similarMovies(context, movieId, count),
    explainPick: (movieId, forUser) => explainPick(context, movieId, forUser),
    searchMovies: (query, limit) => searchMovies(context, query, limit),
    rateMovie: (movieId, rating, count, rankedBy) => rateMovie(context, movieId, rating, count, rankedBy),
    personalPicks: async (count, rankedBy) => personalPicks(context, count, rankedBy),
    nextQuestions: async (count, asked) => nextQuestions(context, count, asked),
    markNotSeen: (movieId, notSeen, count, rankedBy) => markNotSeen(context, movieId, notSeen, count, rankedBy),
    memory: () => backend.memory(),
    tasteMap: (maxPoints) => tasteMap(context, maxPoints),
    restoreModel: () => restoreModel(context),
    exportModel: async (format = 'app') => (format === 'app' ? exportModel(context) : exportForEngine(context, 'model', format)),
    exportDataset: async (split) => exportDataset(context, split),
    importExternalModel: (files, split, onProgress, paths) => importExternalModel(context, files, split, onProgress, paths),
    setFoldInRegularization: async (regularization) => setFoldInRegularization(context, regularization),
    rankerInfo: async () => context.session.ranker?.info,
    exportRanker: async (format = 'app') => (format === 'app' ? exportRanker(context) : exportForEngine(context, 'ranker', format)),
    importModel: (file) => importModel(context, file),
  };
}
