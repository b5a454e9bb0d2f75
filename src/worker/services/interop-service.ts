import * as Comlink from 'comlink';
import { unzipSync } from 'fflate';
import { MfRecommenderModel } from '../../recsys/engines/trainer';
import { writeDatasetParquet } from '../../recsys/interop/dataset-parquet';
import { alignExternalFactors, ExternalFactorsError, type ExternalFactors } from '../../recsys/interop/external-factors';
import { readImplicitNpz, writeImplicitNpz } from '../../recsys/interop/implicit-npz';
import { NpyError } from '../../recsys/interop/npy';
import { readSparkAlsModel, SparkModelError, writeSparkAlsModel } from '../../recsys/interop/spark-als';
import { DEFAULT_IALS_CONFIG, type IalsConfig, type IalsModel } from '../../recsys/models/ials';
import type { MatrixFactorizationWeights } from '../../recsys/models/mf-weights';
import { evaluateRanking } from '../../recsys/ranking-evaluation';
import { givenSplit, randomSplit, randomSplitRows } from '../../recsys/split';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../../recsys/training-config';
import type {
  ExportFormat,
  ExportOutcome,
  ExternalModelOutcome,
  ExternalOrigin,
  ImportProgress,
  ModelInfo,
  Outcome,
  SplitSettings,
} from '../api';
import type { Job } from '../job';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { modelFileFor } from './model-service';
import { rankerFileFor } from './ranker-service';

/**
 * Models and data that cross to and from Spark MLlib and Python's implicit:
 *
 * - import: a Spark ALSModel (its folder's files, or their .zip) or an implicit .npz becomes the
 *   rating model (r̂ = p_uᵀq_i, kind 'mf') and, for implicit feedback, also the ranking model
 *   (the same factors: the match is the engine's own p_uᵀq_i). Then it is ranked on the test
 *   split like a model trained here.
 * - export: any MF or ranking model as an ALSModel zip or an implicit .npz; the dataset as Parquet.
 *
 * Imported tables are scored on the CPU in this worker (M·k multiply-adds per user: 2.3 M for
 * Netflix's 17.7k movies at rank 128), so they are never uploaded to the GPU and no WebGPU
 * buffer limit applies, whatever their size.
 */

/** The fold-in λ when a file does not say (Spark's regParam default; implicit's default). */
const SPARK_DEFAULT_REG_PARAM = 0.1;
const IMPLICIT_DEFAULT_REGULARIZATION = 0.01;

function splitOf(data: LoadedData, settings: SplitSettings) {
  const { dataset } = data;
  return dataset.givenSplit
    ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
    : randomSplit(dataset.ratings, settings.testFraction, settings.seed);
}

/** The files of a drop, by path (a zip's entries, or a folder's files by their relative path). */
async function filesByPath(files: readonly File[], paths: readonly string[] | undefined): Promise<Map<string, Uint8Array>> {
  const byPath = new Map<string, Uint8Array>();
  if (files.length === 1 && /\.zip$/i.test(files[0]!.name)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await files[0]!.arrayBuffer()));
    } catch (error) {
      throw new SparkModelError(
        `it is not a readable zip (${error instanceof Error ? error.message : String(error)}): truncated or not a zip.`,
      );
    }
    for (const [path, bytes] of Object.entries(entries)) byPath.set(path, bytes);
    return byPath;
  }
  for (const [index, file] of files.entries()) {
    byPath.set(paths?.[index] ?? (file.webkitRelativePath || file.name), new Uint8Array(await file.arrayBuffer()));
  }
  return byPath;
}

interface ReadModel {
  readonly factors: ExternalFactors;
  readonly origin: Omit<ExternalOrigin, 'rank' | 'usersWithoutRow' | 'moviesWithoutRow'>;
  readonly iterations: number;
}

async function readExternal(
  data: LoadedData,
  files: readonly File[],
  paths: readonly string[] | undefined,
  job: Job,
  report: (fraction: number, stage: string) => void,
): Promise<ReadModel> {
  const first = files[0]!;
  if (files.length === 1 && /\.npz$/i.test(first.name)) {
    const model = readImplicitNpz(new Uint8Array(await first.arrayBuffer()), data.dataset.users, data.dataset.movies, first.name);
    const assumed: string[] = [];
    if (model.regularization === undefined)
      assumed.push(`λ ${IMPLICIT_DEFAULT_REGULARIZATION} (implicit's default; the file does not say)`);
    return {
      factors: model,
      iterations: model.iterations ?? 0,
      origin: {
        engine: 'implicit',
        feedback: 'implicit',
        regularization: model.regularization ?? IMPLICIT_DEFAULT_REGULARIZATION,
        alpha: model.alpha,
        rowIds: `users by ${model.rowIds.users}, movies by ${model.rowIds.movies}`,
        assumed,
      },
    };
  }
  report(0, 'Unpacking the model');
  const byPath = await filesByPath(files, paths);
  const model = await readSparkAlsModel(byPath, {
    onBytes: (done, total) => report(total > 0 ? done / total : 1, 'Reading the factor tables'),
    yieldToMessages: async () => {
      await nextMacrotask();
      if (job.cancelled) throw new CancelledImport();
    },
  });
  const assumed: string[] = [];
  if (model.settings.implicitPrefs === undefined) assumed.push('implicit feedback (no training.json says otherwise)');
  if (model.settings.regParam === undefined) assumed.push(`λ ${SPARK_DEFAULT_REG_PARAM} (Spark's default regParam)`);
  return {
    factors: model,
    iterations: model.settings.maxIter ?? 0,
    origin: {
      engine: 'spark',
      feedback: model.settings.implicitPrefs === false ? 'explicit' : 'implicit',
      regularization: model.settings.regParam ?? SPARK_DEFAULT_REG_PARAM,
      alpha: model.settings.alpha,
      rowIds: `Spark ${model.sparkVersion}, ${model.partFiles.users} + ${model.partFiles.movies} part files`,
      assumed,
    },
  };
}

class CancelledImport extends Error {}

/** The iALS settings under which an imported implicit model's fold-in (For you) runs: unit
 * weight on every unobserved cell as in Hu et al.'s objective, λ constant per row. */
function foldInConfig(rank: number, regularization: number): IalsConfig {
  return { ...DEFAULT_IALS_CONFIG, factors: rank, regularization, unobservedWeight: 1, frequencyExponent: 0, iterations: 0 };
}

function ratingConfig(rank: number, regularization: number): TrainingConfig {
  return { ...DEFAULT_TRAINING_CONFIG, model: 'mf', factors: rank, regularization };
}

/** Imports a Spark ALSModel (folder files or .zip) or an implicit .npz for the loaded dataset. */
export async function importExternalModel(
  context: WorkerContext,
  files: readonly File[],
  split: SplitSettings,
  onProgress: (progress: ImportProgress) => void,
  paths?: readonly string[],
): Promise<ExternalModelOutcome> {
  const { session, jobs } = context;
  if (jobs.running?.kind === 'training') return { ok: false, code: 'busy', message: 'Stop training before importing a model.' };
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load the dataset the model was trained on first.' };
  if (files.length === 0) return { ok: false, code: 'bad-input', message: 'No model files were given.' };
  const name = files.length === 1 ? files[0]!.name : (paths?.[0] ?? files[0]!.webkitRelativePath).split('/')[0] || 'the folder';
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return jobs.run('import', async (job): Promise<ExternalModelOutcome> => {
    const started = performance.now();
    const report = (fraction: number, stage: string) =>
      onProgress({
        jobId: job.id,
        stage,
        fraction,
        bytesRead: Math.round(fraction * totalBytes),
        totalBytes,
        rowsRead: 0,
        rowsPerSecond: 0,
      });
    let read: ReadModel;
    let aligned: ReturnType<typeof alignExternalFactors>;
    try {
      read = await readExternal(data, files, paths, job, report);
      aligned = alignExternalFactors(read.factors, data.dataset.users, data.dataset.movies);
    } catch (error) {
      if (error instanceof CancelledImport)
        return { ok: false, code: 'cancelled', message: 'Import cancelled; the model loaded before stays.' };
      if (error instanceof SparkModelError || error instanceof NpyError || error instanceof ExternalFactorsError) {
        return { ok: false, code: 'bad-file', message: `${name} was not imported: ${error.message}` };
      }
      throw error;
    }
    const origin: ExternalOrigin = {
      ...read.origin,
      rank: aligned.factors,
      usersWithoutRow: aligned.usersWithoutRow,
      moviesWithoutRow: aligned.moviesWithoutRow,
    };
    const weights: MatrixFactorizationWeights = {
      userCount: aligned.userCount,
      movieCount: aligned.movieCount,
      factors: aligned.factors,
      globalMean: 0,
      userFactors: aligned.userFactors,
      movieFactors: aligned.movieFactors,
      userBias: new Float32Array(aligned.userCount),
      movieBias: new Float32Array(aligned.movieCount),
    };
    const config = ratingConfig(aligned.factors, origin.regularization);
    const file = modelFileFor(data, weights, 'mf', config, { epochs: read.iterations, bestTestRmse: Number.NaN, history: [] });
    const model = session.replaceModel({
      model: new MfRecommenderModel('mf', weights),
      config,
      file,
      info: {
        kind: 'mf',
        epochs: read.iterations,
        bestTestRmse: Number.NaN,
        datasetName: data.dataset.name,
        savedAt: file.header.savedAt,
        source: 'imported',
        origin,
      },
    });
    let ranker: IalsModel | undefined;
    if (origin.feedback === 'implicit') {
      const meanRating = data.dataset.ratings.rating.reduce((sum, r) => sum + r, 0) / Math.max(1, data.dataset.ratings.rating.length);
      ranker = { ...weights, meanRating };
      const rankerConfig = foldInConfig(aligned.factors, origin.regularization);
      const rankerFile = rankerFileFor(data, ranker, rankerConfig, { iterations: read.iterations, validationNdcg: null, history: [] });
      session.replaceRanker({
        model: ranker,
        config: rankerConfig,
        file: rankerFile,
        info: {
          kind: 'ials',
          factors: aligned.factors,
          iterations: read.iterations,
          validationNdcg: null,
          datasetName: data.dataset.name,
          savedAt: rankerFile.header.savedAt,
          source: 'imported',
          engine: origin.engine,
        },
      });
    } else {
      session.replaceRanker(undefined);
    }
    report(1, 'Ranking on the test split');
    const ranking = await evaluateRanking(splitOf(data, split), weights, ranker, {
      onUsers: (done, total) => report(done / total, 'Ranking on the test split'),
      yieldToMessages: nextMacrotask,
    });
    return { ok: true, model, ranker: session.ranker?.info, ranking, seconds: (performance.now() - started) / 1000 };
  });
}

/** Sets the λ of fold-in (For you) for the current model and ranking model. */
export function setFoldInRegularization({ session }: WorkerContext, regularization: number): Outcome<{ model: ModelInfo }> {
  if (!(regularization >= 0 && regularization <= 1000))
    return { ok: false, code: 'bad-input', message: `λ is 0 to 1000, not ${regularization}.` };
  const model = session.updateFoldInRegularization(regularization);
  if (!model) return { ok: false, code: 'no-model', message: 'Import or train a model first.' };
  return { ok: true, model };
}

/** A model's tables with their MovieLens ids; a biased MF's μ + b_u + b_i ride in two extra
 * factors (p' = [p, μ + b_u, 1], q' = [q, 1, b_i]), since Spark and implicit score p_uᵀq_i alone. */
function asPlainFactors(data: LoadedData, weights: MatrixFactorizationWeights, biased: boolean): ExternalFactors {
  const userIds = data.dataset.users.rawIds();
  const movieIds = data.dataset.movies.rawIds();
  if (!biased) return { rank: weights.factors, userIds, movieIds, userFactors: weights.userFactors, movieFactors: weights.movieFactors };
  const k = weights.factors;
  const rank = k + 2;
  const userFactors = new Float32Array(weights.userCount * rank);
  const movieFactors = new Float32Array(weights.movieCount * rank);
  for (let u = 0; u < weights.userCount; u++) {
    userFactors.set(weights.userFactors.subarray(u * k, (u + 1) * k), u * rank);
    userFactors[u * rank + k] = weights.globalMean + weights.userBias[u]!;
    userFactors[u * rank + k + 1] = 1;
  }
  for (let i = 0; i < weights.movieCount; i++) {
    movieFactors.set(weights.movieFactors.subarray(i * k, (i + 1) * k), i * rank);
    movieFactors[i * rank + k] = 1;
    movieFactors[i * rank + k + 1] = weights.movieBias[i]!;
  }
  return { rank, userIds, movieIds, userFactors, movieFactors };
}

/** The download of `bytes` (transferred, not copied), named after the kind and the dataset. */
function downloadOf(data: LoadedData, stem: string, extension: string, bytes: Uint8Array<ArrayBuffer>): ExportOutcome {
  const safeName = data.dataset.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  return Comlink.transfer({ ok: true as const, bytes, fileName: `${stem}-${safeName}${extension}` }, [bytes.buffer]);
}

/** The rating model (which = 'model') or the ranking model as a Spark ALSModel zip or an implicit .npz. */
export function exportForEngine(
  { session }: WorkerContext,
  which: 'model' | 'ranker',
  format: Exclude<ExportFormat, 'app'>,
): ExportOutcome {
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  let factors: ExternalFactors;
  let settings: { implicitPrefs: boolean; regParam: number; alpha: number; maxIter: number };
  let stem: string;
  if (which === 'model') {
    const mf = session.mfModel;
    if (!mf) {
      const code = session.model ? 'unsupported-model' : 'no-model';
      return { ok: false, code, message: 'Train a Biased MF or MF model first: only MF models can be exported.' };
    }
    factors = asPlainFactors(data, mf.weights, mf.useBias);
    const implicitPrefs = mf.info.origin?.feedback === 'implicit';
    settings = { implicitPrefs, regParam: mf.config.regularization, alpha: mf.info.origin?.alpha ?? 1, maxIter: mf.info.epochs };
    stem = mf.info.kind;
  } else {
    const ranker = session.ranker;
    if (!ranker) return { ok: false, code: 'no-model', message: 'Train with the iALS ranker first.' };
    const { model } = ranker;
    factors = {
      rank: model.factors,
      userIds: data.dataset.users.rawIds(),
      movieIds: data.dataset.movies.rawIds(),
      userFactors: model.userFactors,
      movieFactors: model.movieFactors,
    };
    settings = { implicitPrefs: true, regParam: ranker.config.regularization, alpha: 1, maxIter: ranker.info.iterations };
    stem = 'ials';
  }
  if (format === 'spark') return downloadOf(data, `${stem}-spark-als`, '.zip', writeSparkAlsModel({ ...factors, ...settings }));
  return downloadOf(
    data,
    `${stem}-implicit`,
    '.npz',
    writeImplicitNpz(factors, { regularization: settings.regParam, alpha: settings.alpha, iterations: settings.maxIter }),
  );
}

/** The loaded dataset as Parquet (ratings, movies, and the test split the app holds out). */
export function exportDataset({ session }: WorkerContext, split: SplitSettings): ExportOutcome {
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  const { dataset } = data;
  const n = dataset.ratings.rating.length;
  const testRows = dataset.givenSplit
    ? Int32Array.from({ length: n - dataset.givenSplit.trainRows }, (_, i) => dataset.givenSplit!.trainRows + i)
    : randomSplitRows(n, split.testFraction, split.seed).testRows;
  return downloadOf(data, 'ratings', '-parquet.zip', writeDatasetParquet({ dataset, testRows }));
}
