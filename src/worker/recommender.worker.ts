/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { fitBiasBaseline, predictBaseline } from '../recsys/baseline';
import { summarize, type Dataset } from '../recsys/dataset';
import { generateDemoCsv } from '../recsys/demo-data';
import { buildDataset, DatasetBuilder, type ImportResult } from '../recsys/import/build-dataset';
import { readSources, ImportCancelled, type ByteSource } from '../recsys/import/read-sources';
import { fromStored, toStored, type StoredDataset } from '../recsys/import/stored-dataset';
import { fingerprintFiles, forgetAll, loadCached, loadLast, loadModelBytes, loadPersonalRatings, markLast, saveDataset, saveModelBytes, savePersonalRatings } from './dataset-cache';
import { ImportError } from '../recsys/import/import-problem';
import { rmse } from '../recsys/metrics';
import { MfRecommenderModel, type RecommenderModel } from '../recsys/engines/trainer';
import { cosineToAll, foldInUser, minimumRatingsFor, popularityPickScores, scoreBreakdown, scoreFoldedIn, userFactorsOf } from '../recsys/personal';
import { TitleIndex } from '../recsys/search';
import { principalComponents, project, type PrincipalComponents } from '../recsys/pca';
import { decodeModelFile, encodeModelFile, ModelFileError, sameIds, type ModelFile } from '../recsys/model-file';
import { popularityScores, rankingMetrics } from '../recsys/ranking-metrics';
import { scoreAllMoviesMf, type MatrixFactorizationWeights } from '../recsys/models/mf-weights';
import { clip } from '../recsys/predict';
import { countRatingsPerMovie, indexRatingsByUser, moviesRatedBy, topN, type UserRatingsIndex } from '../recsys/recommend';
import { givenSplit, randomSplit, type TrainTestSplit } from '../recsys/split';
import { trainModel } from '../recsys/train';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type {
  BackendInfo,
  BackendName,
  EpochMetrics,
  ImportOutcome,
  ImportProgress,
  MemoryInfo,
  ExplanationOutcome,
  ModelOutcome,
  MovieHit,
  PersonalPicks,
  PickFilter,
  SimilarMoviesOutcome,
  TasteMap,
  RecommenderWorkerApi,
  TopPicksOutcome,
  TrainingConfig,
  TrainingResult,
  TrainingStart,
} from './api';
import { gpuLostReason, recoverWebGpu, selectBackend } from './backend';
import { nextMacrotask } from './yield';


interface LoadedData {
  readonly dataset: Dataset;
  /** Built on first use (picks): 4 bytes per rating that an import need not spend. */
  ratedByUser?: UserRatingsIndex;
  ratingsPerMovie?: Int32Array;
  titleIndex?: TitleIndex;
  /** The taste map's axes, for the model they were computed from. */
  tasteMapAxes?: { readonly weights: MatrixFactorizationWeights; readonly pca: PrincipalComponents };
  /** Release year per movie from its title, 0 when the title has none. */
  movieYears?: Int16Array;
  /** Identifies the data in storage (undefined for a given split, which is not stored). */
  readonly fingerprint?: string;
  /** The person's own ratings: MovieLens movieId → rating. */
  readonly myRatings: Map<number, number>;
}

let backendInfo: Promise<BackendInfo> | undefined;
let data: LoadedData | undefined;
let model: RecommenderModel | undefined;
let training = false;
/** Settings of the training that made `model` (fold-in uses its λ). */
let lastTraining: TrainingConfig | undefined;
let stopRequested = false;

/** Progress reports at most this often: each one is a message to the page. */
const PROGRESS_INTERVAL_MS = 100;
const DEMO_FINGERPRINT = 'demo-data:v1';

let importing = false;
let cancelRequested = false;
/** The background save of the last import into IndexedDB. */
let saving: Promise<boolean> = Promise.resolve(false);

/** Makes `result` the current dataset (a model of the old one is dropped) and brings back the
 * person's own ratings of it. */
async function setData({ dataset }: ImportResult, fingerprint: string | undefined): Promise<void> {
  model?.dispose();
  model = undefined;
  lastModelFile = undefined;
  const stored = fingerprint ? await loadPersonalRatings(fingerprint).catch(() => []) : [];
  const myRatings = new Map(stored.filter(([movieId]) => dataset.movies.indexOf(movieId) !== undefined));
  data = { dataset, fingerprint, myRatings };
}

async function loaded(result: ImportResult, fromCache: boolean, seconds: number, fingerprint: string | undefined): Promise<ImportOutcome> {
  await setData(result, fingerprint);
  return { ok: true, summary: summarize(result.dataset), report: result.report, fromCache, seconds };
}

/** Stores the dataset for the next visit, in the background (it can be hundreds of MB), after
 * the import's answer has gone to the page. */
function saveInBackground(result: ImportResult, fingerprint: string): void {
  saving = nextMacrotask().then(() => saveDataset(toStored(result.dataset, result.report, fingerprint))).then(
    () => true,
    () => false, // no storage (private window, quota): the app works, it just re-imports next time
  );
}

function fileSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    async *chunks() {
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** Streams files into a new dataset with progress and cancellation; the current dataset stays
 * until the new one is complete. */
async function importStreaming(
  files: readonly File[],
  builder: DatasetBuilder,
  onProgress: (progress: ImportProgress) => void,
): Promise<{ result: ImportResult; seconds: number }> {
  const started = performance.now();
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let reported = 0;
  const report = (bytesRead: number, stage: string) => {
    const seconds = (performance.now() - started) / 1000;
    onProgress({
      stage,
      fraction: totalBytes > 0 ? bytesRead / totalBytes : 1,
      bytesRead,
      totalBytes,
      rowsRead: builder.rowsRead,
      rowsPerSecond: seconds > 0 ? builder.rowsRead / seconds : 0,
    });
  };
  report(0, 'Reading');
  await readSources(builder, files.map(fileSource), {
    onBytes: (bytesRead) => {
      const now = performance.now();
      if (now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      report(bytesRead, 'Reading');
    },
    isCancelled: () => cancelRequested,
  });
  report(totalBytes, 'Indexing ratings');
  const result = builder.finish();
  // A Cancel that came in while the last step ran still wins: nothing is replaced.
  await nextMacrotask();
  if (cancelRequested) throw new ImportCancelled('import cancelled');
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** Runs an import, turning its expected failures into outcomes the UI shows. */
async function runImport(run: () => Promise<ImportOutcome>): Promise<ImportOutcome> {
  if (training) throw new Error('Stop training before loading new data.');
  if (importing) throw new Error('Another import is running.');
  importing = true;
  cancelRequested = false;
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, problem: error.problem };
    if (error instanceof ImportCancelled) return { ok: false, cancelled: true };
    throw error;
  } finally {
    importing = false;
  }
}

const api: RecommenderWorkerApi = {
  initBackend(preferred?: BackendName) {
    backendInfo ??= selectBackend(preferred);
    return backendInfo;
  },

  importFiles(files, onProgress: (progress: ImportProgress) => void) {
    return runImport(async () => {
      const started = performance.now();
      const fingerprint = await fingerprintFiles(files).catch(() => undefined);
      const cached = fingerprint ? fromStoredSafely(await loadCached(fingerprint).catch(() => undefined)) : undefined;
      if (cached && fingerprint) {
        await markLast(fingerprint).catch(() => undefined);
        saving = Promise.resolve(true);
        return loaded(cached, true, (performance.now() - started) / 1000, fingerprint);
      }
      const name = files.map((f) => f.name).join(' + ');
      const { result, seconds } = await importStreaming(files, new DatasetBuilder(name), onProgress);
      const outcome = await loaded(result, false, seconds, fingerprint);
      if (fingerprint) saveInBackground(result, fingerprint);
      return outcome;
    });
  },

  importGivenSplit(trainFiles, testFiles, onProgress: (progress: ImportProgress) => void) {
    return runImport(async () => {
      const name = `${trainFiles.map((f) => f.name).join(' + ')} | ${testFiles.map((f) => f.name).join(' + ')}`;
      const { result, seconds } = await importStreaming([...trainFiles, ...testFiles], new DatasetBuilder(name, true), onProgress);
      return loaded(result, false, seconds, undefined);
    });
  },

  importDemo() {
    return runImport(async () => {
      const started = performance.now();
      const demo = generateDemoCsv();
      const result = buildDataset(
        [
          { name: 'demo movies.csv', text: demo.moviesCsv },
          { name: 'demo ratings.csv', text: demo.ratingsCsv },
        ],
        'Demo data (synthetic)',
      );
      saveInBackground(result, DEMO_FINGERPRINT);
      return loaded(result, false, (performance.now() - started) / 1000, DEMO_FINGERPRINT);
    });
  },

  cancelImport() {
    cancelRequested = true;
  },

  async restoreLastDataset() {
    if (training || importing || data) return undefined;
    const started = performance.now();
    const stored = await loadLast().catch(() => undefined);
    const restored = fromStoredSafely(stored);
    if (!stored || !restored || data) return undefined;
    saving = Promise.resolve(true);
    return loaded(restored, true, (performance.now() - started) / 1000, stored.fingerprint);
  },

  datasetSaved() {
    return saving;
  },

  async forgetData() {
    if (training || importing) throw new Error('Stop training or importing first.');
    await saving;
    await forgetAll();
    model?.dispose();
    model = undefined;
    lastModelFile = undefined;
    data = undefined;
    saving = Promise.resolve(false);
  },

  train(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics) => void,
    onEngine: (engine: string, note: string | undefined) => void = () => undefined,
  ): Promise<TrainingResult> {
    return runTraining(config, { onStart, onEpoch, onEngine }, false);
  },

  resumeTraining(
    config: TrainingConfig,
    onStart: (start: TrainingStart) => void,
    onEpoch: (metrics: EpochMetrics) => void,
    onEngine: (engine: string, note: string | undefined) => void = () => undefined,
  ): Promise<TrainingResult> {
    return runTraining(config, { onStart, onEpoch, onEngine }, true);
  },

  stop() {
    stopRequested = true;
  },

  async topPicks(userId: number, count: number, filter: PickFilter = {}): Promise<TopPicksOutcome> {
    if (!data) return { ok: false, message: 'Load data first.' };
    if (!model) return { ok: false, message: 'Train a model first.' };
    const { dataset } = data;
    const ratedByUser = (data.ratedByUser ??= indexRatingsByUser(dataset.ratings, dataset.users.size));
    const ratingsPerMovie = (data.ratingsPerMovie ??= countRatingsPerMovie(dataset.ratings, dataset.movies.size));
    const user = dataset.users.indexOf(userId);
    if (user === undefined) {
      const [min, max] = summarize(dataset).userIdRange;
      return { ok: false, message: `There is no user ${userId} in this dataset (user ids run from ${min} to ${max}).` };
    }
    const scores = await model.scoreAllMovies(user);
    const rated = moviesRatedBy(ratedByUser, user);
    const minimumRatings = minimumRatingsFor(ratingsPerMovie);
    const years = (data.movieYears ??= Int16Array.from(dataset.movieInfo, (m) => yearOfTitle(m.title) ?? 0));
    const passes = (movie: number) =>
      ratingsPerMovie[movie] >= minimumRatings &&
      (filter.genre === undefined || dataset.movieInfo[movie].genres.includes(filter.genre)) &&
      (filter.yearFrom === undefined || years[movie] >= filter.yearFrom) &&
      (filter.yearTo === undefined || (years[movie] > 0 && years[movie] <= filter.yearTo));
    const best = topN(scores, count, rated, passes);
    return {
      ok: true,
      minimumRatings,
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

  async similarMovies(movieId: number, count: number): Promise<SimilarMoviesOutcome> {
    const weights = model instanceof MfRecommenderModel ? model.weights : undefined;
    const movie = data?.dataset.movies.indexOf(movieId);
    if (!data || movie === undefined) return { ok: false, message: `There is no movie ${movieId} in this dataset.` };
    if (!weights) return { ok: false, message: 'Similar movies need a trained MF model (Biased MF or MF).' };
    const { dataset } = data;
    const ratingsPerMovie = (data.ratingsPerMovie ??= countRatingsPerMovie(dataset.ratings, dataset.movies.size));
    const minimumRatings = minimumRatingsFor(ratingsPerMovie);
    const similarity = cosineToAll(weights, movie);
    const best = topN(similarity, count, [movie], (i) => ratingsPerMovie[i] >= minimumRatings);
    return {
      ok: true,
      movie: { movieId, title: dataset.movieInfo[movie].title },
      minimumRatings,
      similar: best.map(({ movie: i, score }) => ({
        movieId: dataset.movies.rawId(i),
        title: dataset.movieInfo[i].title,
        genres: dataset.movieInfo[i].genres,
        similarity: score,
      })),
    };
  },

  async explainPick(movieId: number, forUser: number | 'me'): Promise<ExplanationOutcome> {
    const weights = model instanceof MfRecommenderModel ? model.weights : undefined;
    const movie = data?.dataset.movies.indexOf(movieId);
    if (!data || movie === undefined) return { ok: false, message: `There is no movie ${movieId} in this dataset.` };
    if (!weights || !lastTraining || !(model instanceof MfRecommenderModel)) {
      return { ok: false, message: 'Explanations need a trained MF model (Biased MF or MF).' };
    }
    const { dataset } = data;
    const useBias = model.kind === 'biased-mf';
    // The rater's taste vector and bias, and the movies they rated.
    let factors: ArrayLike<number>;
    let bias: number;
    let theirRatings: { movie: number; rating: number }[];
    if (forUser === 'me') {
      theirRatings = [...data.myRatings].map(([id, rating]) => ({ movie: dataset.movies.indexOf(id) as number, rating }));
      const folded = foldInUser(weights, theirRatings, lastTraining.regularization, useBias);
      factors = folded.factors;
      bias = folded.bias;
    } else {
      const user = dataset.users.indexOf(forUser);
      if (user === undefined) return { ok: false, message: `There is no user ${forUser} in this dataset.` };
      factors = userFactorsOf(weights, user);
      bias = weights.userBias[user];
      theirRatings = [];
      for (let r = 0; r < dataset.ratings.user.length; r++) {
        if (dataset.ratings.user[r] === user) theirRatings.push({ movie: dataset.ratings.movie[r], rating: dataset.ratings.rating[r] });
      }
    }
    const parts = scoreBreakdown(weights, factors, bias, movie);
    // "Because you rated …": their well-rated movies closest to this one in taste space.
    const similarity = cosineToAll(weights, movie);
    const liked = theirRatings.filter((r) => r.rating >= 4 && r.movie !== movie);
    const because = liked
      .sort((a, b) => similarity[b.movie] - similarity[a.movie] || a.movie - b.movie)
      .slice(0, 3)
      .map((r) => ({ movieId: dataset.movies.rawId(r.movie), title: dataset.movieInfo[r.movie].title, rating: r.rating, similarity: similarity[r.movie] }));
    return { ok: true, movieId, title: dataset.movieInfo[movie].title, parts, predicted: clip(parts.total, dataset.ratingScale), because };
  },

  async searchMovies(query: string, limit: number): Promise<readonly MovieHit[]> {
    if (!data) return [];
    const { dataset } = data;
    const ratingsPerMovie = (data.ratingsPerMovie ??= countRatingsPerMovie(dataset.ratings, dataset.movies.size));
    const index = (data.titleIndex ??= new TitleIndex(
      dataset.movieInfo.map((m) => m.title),
      ratingsPerMovie,
    ));
    const myRatings = data.myRatings;
    return index.search(query, limit).map((movie) => {
      const movieId = dataset.movies.rawId(movie);
      return {
        movieId,
        title: dataset.movieInfo[movie].title,
        genres: dataset.movieInfo[movie].genres,
        ratingCount: ratingsPerMovie[movie],
        myRating: myRatings.get(movieId),
      };
    });
  },

  async rateMovie(movieId: number, rating: number | null, count: number): Promise<PersonalPicks> {
    if (!data || data.dataset.movies.indexOf(movieId) === undefined) return personalPicks(count);
    if (rating === null) data.myRatings.delete(movieId);
    else {
      if (!(rating >= 0.5 && rating <= 5 && Number.isInteger(rating * 2))) throw new RangeError(`a rating is 0.5 to 5 in half stars, not ${rating}`);
      data.myRatings.set(movieId, rating);
    }
    if (data.fingerprint) await savePersonalRatings(data.fingerprint, [...data.myRatings]).catch(() => undefined);
    return personalPicks(count);
  },

  async personalPicks(count: number): Promise<PersonalPicks> {
    return personalPicks(count);
  },

  async restoreModel(): Promise<ModelOutcome | undefined> {
    if (!data?.fingerprint || model || training) return undefined;
    const bytes = await loadModelBytes(data.fingerprint).catch(() => undefined);
    if (!bytes) return undefined;
    const outcome = adoptModelFile(bytes);
    return outcome.ok ? outcome : undefined; // a stale or damaged copy is simply not used
  },

  async exportModel() {
    if (!data || !lastModelFile) return { ok: false as const, message: 'Train a Biased MF or MF model first: only MF models can be exported.' };
    const bytes = encodeModelFile(lastModelFile);
    const safeName = data.dataset.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
    return Comlink.transfer({ ok: true as const, bytes, fileName: `${lastModelFile.header.kind}-${safeName}.mrmodel` }, [bytes.buffer]);
  },

  async importModel(file: File): Promise<ModelOutcome> {
    if (training) return { ok: false, message: 'Stop training before importing a model.' };
    if (!data) return { ok: false, message: 'Load the dataset the model was trained on first.' };
    if (file.size > 2 * 1024 ** 3) return { ok: false, message: `${file.name} is ${(file.size / 1024 ** 3).toFixed(1)} GB: too big to be a model of this dataset.` };
    const outcome = adoptModelFile(new Uint8Array(await file.arrayBuffer()), file.name);
    if (outcome.ok && data.fingerprint && lastModelFile) {
      await saveModelBytes(data.fingerprint, encodeModelFile(lastModelFile)).catch(() => undefined);
    }
    return outcome;
  },

  async tasteMap(maxPoints: number): Promise<TasteMap | undefined> {
    const weights = model instanceof MfRecommenderModel ? model.weights : undefined;
    if (!data || !weights || !lastTraining || !(model instanceof MfRecommenderModel)) return undefined;
    const { dataset } = data;
    if (data.tasteMapAxes?.weights !== weights) {
      data.tasteMapAxes = { weights, pca: principalComponents(weights.movieFactors, weights.factors, 2) };
    }
    const axes = data.tasteMapAxes.pca;
    const ratingsPerMovie = (data.ratingsPerMovie ??= countRatingsPerMovie(dataset.ratings, dataset.movies.size));
    // The most rated movies: the ones people know, and a bounded number of points to draw.
    const sample = topN(ratingsPerMovie, maxPoints, []).map((s) => s.movie);
    const k = weights.factors;
    const points = sample.map((movie) => {
      const [x, y] = project(axes, weights.movieFactors.subarray(movie * k, (movie + 1) * k));
      return { movieId: dataset.movies.rawId(movie), title: dataset.movieInfo[movie].title, genre: dataset.movieInfo[movie].genres[0] ?? 'none', x, y };
    });
    let me: TasteMap['me'];
    if (data.myRatings.size > 0) {
      const ratings = [...data.myRatings].map(([id, rating]) => ({ movie: dataset.movies.indexOf(id) as number, rating }));
      const person = foldInUser(weights, ratings, lastTraining.regularization, model.kind === 'biased-mf');
      // The person is a direction in the same space: movies lying that way score high for them.
      // Shown at the typical length of a movie vector so it lands among the movies.
      const [px, py] = project(axes, person.factors, false);
      const scale = Math.sqrt(axes.variances[0] + axes.variances[1]) / Math.max(Math.hypot(px, py), 1e-9);
      me = { x: px * scale * 2, y: py * scale * 2 };
    }
    return { points, me, totalMovies: dataset.movies.size };
  },

  memory(): MemoryInfo {
    const info = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { numTensors: info.numTensors, numBytes: info.numBytes, numBytesInGpu: info.numBytesInGPU };
  },
};

/** Users sampled for the ranking metrics: all of ml-latest-small's 610; a seeded 1,000 of a
 * bigger set (scoring every movie for 162k users would take minutes). */
const RANKING_MAX_USERS = 1000;

function rankingOnTest(split: TrainTestSplit, weights: MatrixFactorizationWeights, userCount: number, movieCount: number) {
  const common = { train: split.train, test: split.test, userCount, movieCount, k: 10, maxUsers: RANKING_MAX_USERS, seed: 1 };
  const popularity = popularityScores(split.train, movieCount);
  // As the app lists picks: only movies with enough ratings (popularity is that count).
  const minimum = minimumRatingsFor(popularity);
  const eligible = (user: number) => {
    const scores = scoreAllMoviesMf(weights, user);
    for (let i = 0; i < movieCount; i++) if (popularity[i] < minimum) scores[i] = Number.NaN;
    return scores;
  };
  return {
    model: rankingMetrics({ ...common, scoreUser: (user) => scoreAllMoviesMf(weights, user) }),
    modelAsListed: { ...rankingMetrics({ ...common, scoreUser: eligible }), minimumRatings: minimum },
    popularity: rankingMetrics({ ...common, scoreUser: () => popularity }),
  };
}

/**
 * The person's picks: fold their ratings into the trained MF model (a ridge solve against the
 * frozen movie factors, no retraining), or before any rating the movies the model rates best
 * among those with enough ratings.
 */
function personalPicks(count: number): PersonalPicks {
  const started = performance.now();
  if (!data) return { ratings: [], picks: [], basis: 'none', message: 'Load data first.', millis: 0 };
  const { dataset, myRatings } = data;
  const ratings = [...myRatings].map(([movieId, rating]) => ({
    movieId,
    rating,
    title: dataset.movieInfo[dataset.movies.indexOf(movieId) as number].title,
  }));
  const weights = model instanceof MfRecommenderModel ? model.weights : undefined;
  if (!model || !weights || !lastTraining) {
    const message = model ? 'Picks from your own ratings need an MF model: train Biased MF or MF.' : 'Train a model to get picks from your ratings.';
    return { ratings, picks: [], basis: 'none', message, millis: performance.now() - started };
  }
  const ratingsPerMovie = (data.ratingsPerMovie ??= countRatingsPerMovie(dataset.ratings, dataset.movies.size));
  const minimum = minimumRatingsFor(ratingsPerMovie);
  const rated = ratings.map((r) => dataset.movies.indexOf(r.movieId) as number);
  const useBias = model.kind === 'biased-mf';
  const basis = ratings.length > 0 ? 'your-ratings' : 'popular';
  const scores =
    basis === 'your-ratings'
      ? scoreFoldedIn(weights, foldInUser(weights, rated.map((movie, j) => ({ movie, rating: ratings[j].rating })), lastTraining.regularization, useBias))
      : popularityPickScores(weights);
  const best = topN(scores, count, rated, (movie) => ratingsPerMovie[movie] >= minimum);
  return {
    ratings,
    picks: best.map(({ movie, score }) => ({
      movieId: dataset.movies.rawId(movie),
      title: dataset.movieInfo[movie].title,
      genres: dataset.movieInfo[movie].genres,
      predicted: clip(score, dataset.ratingScale),
    })),
    basis,
    millis: performance.now() - started,
  };
}

/** The release year in a MovieLens title, "Heat (1995)" → 1995; undefined when there is none. */
function yearOfTitle(title: string): number | undefined {
  const match = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : undefined;
}

interface TrainingCallbacks {
  readonly onStart: (start: TrainingStart) => void;
  readonly onEpoch: (metrics: EpochMetrics) => void;
  readonly onEngine: (engine: string, note: string | undefined) => void;
}

/** A failure during training, said so a person knows what happened and what they can do. */
function trainingFailure(error: unknown, checkpointEpochs: number): Error {
  const detail = error instanceof Error ? error.message : String(error);
  const lost = gpuLostReason();
  const resume =
    checkpointEpochs > 0 ? ` Epoch ${checkpointEpochs} was saved: you can resume from it.` : ' No epoch had finished, so there is nothing to resume.';
  if (lost) return new Error(`The GPU was lost during training (${lost}).${resume}`);
  if (/out of memory|OutOfMemory|allocation/i.test(detail)) {
    return new Error(`The GPU ran out of memory (${detail}). Try fewer factors or a smaller batch.${resume}`);
  }
  return new Error(`Training stopped with an error: ${detail}.${resume}`);
}

async function runTraining(config: TrainingConfig, callbacks: TrainingCallbacks, resume: boolean): Promise<TrainingResult> {
  if (training) throw new Error('A training is already running.');
  if (!data) throw new Error('Load data before training.');
  const checkpoint = resume ? lastModelFile : undefined;
  if (resume && !checkpoint?.header.history?.length) throw new Error('There is no saved epoch to resume from.');
  // A lost device cannot be used again: resuming starts a new WebGPU backend first.
  if (gpuLostReason()) await recoverWebGpu();
  const { backend } = await api.initBackend();
  training = true;
  stopRequested = false;
  const checkpointHistory: EpochMetrics[] = [...(checkpoint?.header.history ?? [])];
  try {
    const { dataset } = data;
    const split = dataset.givenSplit
      ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
      : randomSplit(dataset.ratings, config.testFraction, config.seed);
    const baseline = fitBiasBaseline(split.train, dataset.users.size, dataset.movies.size);
    callbacks.onStart({
      trainCount: split.train.rating.length,
      testCount: split.test.rating.length,
      baselineTestRmse: rmse(predictBaseline(baseline, split.test, dataset.ratingScale), split.test.rating),
    });
    model?.dispose();
    model = undefined;
    // Until this run's first epoch is saved, the checkpoint is the one resumed from (or none).
    lastModelFile = checkpoint;
    // The fused MF kernels run on the tfjs WebGPU backend's own device.
    const gpuDevice = backend === 'webgpu' ? (tf.backend() as WebGPUBackend).device : undefined;
    const kind = config.model === 'mf' ? 'mf' : 'biased-mf';
    const outcome = await trainModel(
      split,
      { userCount: dataset.users.size, movieCount: dataset.movies.size },
      dataset.ratingScale,
      config,
      {
        onEngine: callbacks.onEngine,
        onEpoch: (metrics) => {
          checkpointHistory.push(metrics);
          callbacks.onEpoch(metrics);
        },
        // A checkpoint per epoch: a reload, a crash or a lost GPU keeps the last finished epoch.
        onEpochWeights: (weights, metrics) => {
          const file = modelFileFor(weights, kind, config, metrics.epoch, metrics.testRmse, [...checkpointHistory]);
          if (file) persistModel(file);
        },
        shouldStop: () => stopRequested,
        yieldBetweenSteps: nextMacrotask,
      },
      gpuDevice,
      checkpoint && checkpoint.header.history ? { weights: checkpoint.weights, history: checkpoint.header.history } : undefined,
    );
    model = outcome.model;
    lastTraining = config;
    lastModelFile = undefined;
    if (model instanceof MfRecommenderModel) {
      const file = modelFileFor(model.weights, kind, config, outcome.keptEpoch, outcome.bestTestRmse, outcome.history);
      if (file) persistModel(file);
    }
    const ranking = model instanceof MfRecommenderModel ? rankingOnTest(split, model.weights, dataset.users.size, dataset.movies.size) : undefined;
    return {
      ranking,
      state: outcome.stopped ? 'stopped' : 'done',
      engine: outcome.engine,
      history: outcome.history,
      keptEpoch: outcome.keptEpoch,
      bestEpoch: outcome.bestEpoch,
      bestTestRmse: outcome.bestTestRmse,
    };
  } catch (error) {
    throw trainingFailure(error, lastModelFile?.header.history?.length ?? 0);
  } finally {
    training = false;
  }
}

/** The MF model of the current dataset as a file: for export and for this browser's storage. */
let lastModelFile: ModelFile | undefined;

function modelFileFor(
  weights: MatrixFactorizationWeights,
  kind: 'biased-mf' | 'mf',
  config: TrainingConfig,
  epochs: number,
  bestTestRmse: number,
  history: readonly EpochMetrics[],
): ModelFile | undefined {
  if (!data) return undefined;
  const { dataset, fingerprint } = data;
  return {
    header: {
      format: 'movie-recommender-model',
      version: 1,
      kind,
      config,
      datasetName: dataset.name,
      datasetFingerprint: fingerprint,
      userCount: weights.userCount,
      movieCount: weights.movieCount,
      factors: weights.factors,
      globalMean: weights.globalMean,
      epochs,
      bestTestRmse,
      savedAt: new Date().toISOString(),
      history,
    },
    userIds: dataset.users.rawIds(),
    movieIds: dataset.movies.rawIds(),
    weights,
  };
}

/** Keeps the model (file) in this browser's storage, in the background. */
function persistModel(file: ModelFile): void {
  lastModelFile = file;
  const fingerprint = data?.fingerprint;
  if (fingerprint) void saveModelBytes(fingerprint, encodeModelFile(file)).catch(() => undefined);
}

/** Makes a model file the current model after checking it fits the loaded dataset exactly. */
function adoptModelFile(bytes: Uint8Array, fileName = 'the stored model'): ModelOutcome {
  if (!data) return { ok: false, message: 'Load data first.' };
  let file: ModelFile;
  try {
    file = decodeModelFile(bytes);
  } catch (error) {
    if (error instanceof ModelFileError) return { ok: false, message: `${fileName} was not imported: ${error.message}.` };
    throw error;
  }
  const { dataset } = data;
  if (!sameIds(file.userIds, dataset.users.rawIds()) || !sameIds(file.movieIds, dataset.movies.rawIds())) {
    return {
      ok: false,
      message: `${fileName} was not imported: it was trained on "${file.header.datasetName}" (${file.header.userCount} users, ${file.header.movieCount} movies), not on the loaded data (${dataset.users.size} users, ${dataset.movies.size} movies).`,
    };
  }
  model?.dispose();
  model = new MfRecommenderModel(file.header.kind, file.weights);
  lastTraining = file.header.config;
  lastModelFile = file;
  return {
    ok: true,
    kind: file.header.kind,
    epochs: file.header.epochs,
    bestTestRmse: file.header.bestTestRmse,
    datasetName: file.header.datasetName,
    savedAt: file.header.savedAt,
  };
}

function fromStoredSafely(stored: StoredDataset | undefined): ImportResult | undefined {
  try {
    return stored ? fromStored(stored) : undefined;
  } catch {
    return undefined; // a damaged or old stored copy: import afresh
  }
}

Comlink.expose(api);
