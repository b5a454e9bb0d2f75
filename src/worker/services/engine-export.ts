import * as Comlink from 'comlink';
import { writeDatasetParquet } from '../../recsys/interop/dataset-parquet';
import type { ExternalFactors } from '../../recsys/interop/external-factors';
import { writeImplicitNpz } from '../../recsys/interop/implicit-npz';
import { writeSparkAlsModel } from '../../recsys/interop/spark-als-writer';
import type { MatrixFactorizationWeights } from '../../recsys/models/mf-weights';
import { randomSplitRows } from '../../recsys/split';
import type { ExportFormat, ExportOutcome, SplitSettings } from '../api';
import type { LoadedData } from '../session';
import type { WorkerContext } from './context';

/**
 * Exports for other engines: the rating model or the ranking model as a Spark ALSModel zip or an
 * implicit .npz (a biased MF's biases riding in two extra factors), and the loaded dataset as
 * Parquet with the test split the app holds out, each as a named download.
 */

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
