/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { fitBiasBaseline, predictBaseline } from '../recsys/baseline';
import { summarize, type Dataset } from '../recsys/dataset';
import { generateDemoCsv } from '../recsys/demo-data';
import { buildDataset, buildGivenSplit, type ImportResult, type NamedText } from '../recsys/import/build-dataset';
import { ImportError } from '../recsys/import/import-problem';
import { rmse } from '../recsys/metrics';
import type { RecommenderModel } from '../recsys/engines/trainer';
import { clip } from '../recsys/predict';
import { countRatingsPerMovie, indexRatingsByUser, moviesRatedBy, topN, type UserRatingsIndex } from '../recsys/recommend';
import { givenSplit, randomSplit } from '../recsys/split';
import { trainModel } from '../recsys/train';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type {
  BackendInfo,
  BackendName,
  EpochMetrics,
  ImportOutcome,
  ImportProgress,
  MemoryInfo,
  RecommenderWorkerApi,
  TopPicksOutcome,
  TrainingConfig,
  TrainingResult,
  TrainingStart,
} from './api';
import { selectBackend } from './backend';
import { nextMacrotask } from './yield';

/** Picks come from movies with at least this many ratings, so one lucky 5-star rating does not
 * put an unknown film at the top. */
const MIN_RATINGS_FOR_PICKS = 5;

interface LoadedData {
  readonly dataset: Dataset;
  readonly ratedByUser: UserRatingsIndex;
  readonly ratingsPerMovie: Int32Array;
}

let backendInfo: Promise<BackendInfo> | undefined;
let data: LoadedData | undefined;
let model: RecommenderModel | undefined;
let training = false;
let stopRequested = false;

function load(build: () => ImportResult): ImportOutcome {
  try {
    const { dataset, report } = build();
    // A new dataset invalidates the model trained on the old one.
    model?.dispose();
    model = undefined;
    data = {
      dataset,
      ratedByUser: indexRatingsByUser(dataset.ratings, dataset.users.size),
      ratingsPerMovie: countRatingsPerMovie(dataset.ratings, dataset.movies.size),
    };
    return { ok: true, summary: summarize(dataset), report };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, problem: error.problem };
    throw error;
  }
}

const api: RecommenderWorkerApi = {
  initBackend(preferred?: BackendName) {
    backendInfo ??= selectBackend(preferred);
    return backendInfo;
  },

  async importFiles(files, onProgress: (progress: ImportProgress) => void) {
    if (training) throw new Error('Stop training before loading new data.');
    const texts = await readAll(files, onProgress);
    return load(() => buildDataset(texts, files.map((f) => f.name).join(' + ')));
  },

  async importGivenSplit(trainFiles, testFiles, onProgress: (progress: ImportProgress) => void) {
    if (training) throw new Error('Stop training before loading new data.');
    const texts = await readAll([...trainFiles, ...testFiles], onProgress);
    const name = `${trainFiles.map((f) => f.name).join(' + ')} | ${testFiles.map((f) => f.name).join(' + ')}`;
    return load(() => buildGivenSplit(texts.slice(0, trainFiles.length), texts.slice(trainFiles.length), name));
  },

  async importDemo() {
    if (training) throw new Error('Stop training before loading new data.');
    const demo = generateDemoCsv();
    return load(() =>
      buildDataset(
        [
          { name: 'demo movies.csv', text: demo.moviesCsv },
          { name: 'demo ratings.csv', text: demo.ratingsCsv },
        ],
        'Demo data (synthetic)',
      ),
    );
  },

  async train(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics) => void,
    onEngine: (engine: string, note: string | undefined) => void = () => undefined,
  ): Promise<TrainingResult> {
    if (training) throw new Error('A training is already running.');
    if (!data) throw new Error('Load data before training.');
    const { backend } = await api.initBackend();
    training = true;
    stopRequested = false;
    try {
      const { dataset } = data;
      const split = dataset.givenSplit
        ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
        : randomSplit(dataset.ratings, config.testFraction, config.seed);
      const baseline = fitBiasBaseline(split.train, dataset.users.size, dataset.movies.size);
      onStart({
        trainCount: split.train.rating.length,
        testCount: split.test.rating.length,
        baselineTestRmse: rmse(predictBaseline(baseline, split.test, dataset.ratingScale), split.test.rating),
      });
      model?.dispose();
      model = undefined;
      // The fused MF kernels run on the tfjs WebGPU backend's own device.
      const gpuDevice = backend === 'webgpu' ? (tf.backend() as WebGPUBackend).device : undefined;
      const outcome = await trainModel(
        split,
        { userCount: dataset.users.size, movieCount: dataset.movies.size },
        dataset.ratingScale,
        config,
        { onEngine, onEpoch, shouldStop: () => stopRequested, yieldBetweenSteps: nextMacrotask },
        gpuDevice,
      );
      model = outcome.model;
      return {
        state: outcome.stopped ? 'stopped' : 'done',
        engine: outcome.engine,
        history: outcome.history,
        keptEpoch: outcome.keptEpoch,
        bestEpoch: outcome.bestEpoch,
        bestTestRmse: outcome.bestTestRmse,
      };
    } finally {
      training = false;
    }
  },

  stop() {
    stopRequested = true;
  },

  async topPicks(userId: number, count: number): Promise<TopPicksOutcome> {
    if (!data) return { ok: false, message: 'Load data first.' };
    if (!model) return { ok: false, message: 'Train a model first.' };
    const { dataset, ratedByUser, ratingsPerMovie } = data;
    const user = dataset.users.indexOf(userId);
    if (user === undefined) {
      const [min, max] = summarize(dataset).userIdRange;
      return { ok: false, message: `There is no user ${userId} in this dataset (user ids run from ${min} to ${max}).` };
    }
    const scores = await model.scoreAllMovies(user);
    const rated = moviesRatedBy(ratedByUser, user);
    const best = topN(scores, count, rated, (movie) => ratingsPerMovie[movie] >= MIN_RATINGS_FOR_PICKS);
    return {
      ok: true,
      userId,
      ratedCount: rated.length,
      picks: best.map(({ movie, score }) => ({
        movieId: dataset.movies.rawId(movie),
        title: dataset.movieInfo[movie].title,
        genres: dataset.movieInfo[movie].genres,
        predicted: clip(score, dataset.ratingScale),
      })),
    };
  },

  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

async function readAll(files: readonly File[], onProgress: (progress: ImportProgress) => void): Promise<NamedText[]> {
  const texts: NamedText[] = [];
  for (const [i, file] of files.entries()) {
    onProgress({ fraction: i / files.length, stage: `Reading ${file.name}` });
    texts.push({ name: file.name, text: await file.text() });
  }
  onProgress({ fraction: 1, stage: 'Indexing ratings' });
  return texts;
}

Comlink.expose(api);
