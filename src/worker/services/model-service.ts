import { MfRecommenderModel } from '../../recsys/engines/trainer';
import { decodeModelFile, encodeModelFile, ModelFileError, modelFileKind, type ModelFile } from '../../recsys/model-file';
import type { MatrixFactorizationWeights } from '../../recsys/models/mf-weights';
import type { TrainingConfig } from '../../recsys/training-config';
import type { EpochMetrics, ExportOutcome, ModelInfo, ModelOutcome, Outcome, RankerInfo } from '../api';
import type { LoadedData } from '../session';
import type { WorkerContext } from './context';
import { exportedFile, readFileForDataset } from './model-file-check';
import { adoptRanker, readRankerFile, restoreRanker } from './ranker-service';

/** Model files bigger than this are refused before reading: no model of a dataset the tab can
 * hold is that big, and reading it would only exhaust memory. */
const MAX_MODEL_FILE_BYTES = 2 * 1024 ** 3;

/** The MF model of the loaded dataset as a file: for export and for this browser's storage. */
export function modelFileFor(
  data: LoadedData,
  weights: MatrixFactorizationWeights,
  kind: ModelFile['header']['kind'],
  config: TrainingConfig,
  progress: { epochs: number; bestTestRmse: number; history: readonly EpochMetrics[] },
): ModelFile {
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
      epochs: progress.epochs,
      bestTestRmse: progress.bestTestRmse,
      savedAt: new Date().toISOString(),
      history: progress.history,
    },
    userIds: dataset.users.rawIds(),
    movieIds: dataset.movies.rawIds(),
    weights,
  };
}

/** Keeps a model file in this browser's storage, in the background (storage is a convenience). */
export function persistModelFile({ storage }: WorkerContext, data: LoadedData, file: ModelFile): void {
  if (data.fingerprint) void storage.saveModel(data.fingerprint, encodeModelFile(file)).catch(() => undefined);
}

/** The model of the last visit for the loaded dataset. */
export async function restoreModel(context: WorkerContext): Promise<ModelOutcome> {
  const { session, storage, jobs } = context;
  const data = session.data;
  if (!data?.fingerprint) return { ok: false, code: 'not-found', message: 'No model is kept for this data.' };
  if (session.model || jobs.running) return { ok: false, code: 'busy', message: 'A model is already loaded or training.' };
  const bytes = await storage.loadModel(data.fingerprint).catch(() => undefined);
  if (!bytes) return { ok: false, code: 'not-found', message: 'No model is kept for this data.' };
  // A stale or damaged copy is simply not used: the failure says why, the UI shows nothing.
  const outcome = adoptModelFile(context, bytes, 'the stored model', 'restored');
  if (outcome.ok) await restoreRanker(context, data);
  return outcome;
}

export async function exportModel({ session }: WorkerContext): Promise<ExportOutcome> {
  const data = session.data;
  const file = session.model?.file;
  if (!data || !file) {
    const code = session.model ? 'unsupported-model' : 'no-model';
    return { ok: false, code, message: 'Train a Biased MF or MF model first: only MF models can be exported.' };
  }
  return exportedFile(data, file.header.kind, encodeModelFile(file));
}

/** Reads a model file of any kind: an MF file replaces the rating model, an iALS file the ranking model. */
export async function importModel(
  context: WorkerContext,
  file: File,
): Promise<Outcome<{ readonly model?: ModelInfo; readonly ranker?: RankerInfo }>> {
  const { session, jobs, storage } = context;
  if (jobs.running?.kind === 'training') return { ok: false, code: 'busy', message: 'Stop training before importing a model.' };
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load the dataset the model was trained on first.' };
  if (file.size > MAX_MODEL_FILE_BYTES) {
    const gigabytes = (file.size / 1024 ** 3).toFixed(1);
    return { ok: false, code: 'bad-file', message: `${file.name} is ${gigabytes} GB: too big to be a model of this dataset.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let kind: string;
  try {
    kind = modelFileKind(bytes);
  } catch (error) {
    if (error instanceof ModelFileError)
      return { ok: false, code: 'bad-file', message: `${file.name} was not imported: ${error.message}.` };
    throw error;
  }
  if (kind === 'ials') {
    const read = readRankerFile(data, bytes, file.name);
    return read.ok ? { ok: true, ranker: adoptRanker(context, data, read.file, 'imported') } : read;
  }
  const outcome = adoptModelFile(context, bytes, file.name, 'imported');
  const adopted = session.model?.file;
  if (outcome.ok && data.fingerprint && adopted) {
    await storage.saveModel(data.fingerprint, encodeModelFile(adopted)).catch(() => undefined);
  }
  if (!outcome.ok) return outcome;
  const { ok, ...model } = outcome;
  return { ok, model };
}

/** Makes a model file the current model after checking it fits the loaded dataset exactly. */
function adoptModelFile({ session }: WorkerContext, bytes: Uint8Array, fileName: string, source: ModelInfo['source']): ModelOutcome {
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  const read = readFileForDataset(data, bytes, fileName, decodeModelFile);
  if (!read.ok) return read;
  const { file } = read;
  const { header } = file;
  const info = session.replaceModel({
    model: new MfRecommenderModel(header.kind, file.weights),
    config: header.config,
    file,
    info: {
      kind: header.kind,
      epochs: header.epochs,
      bestTestRmse: header.bestTestRmse,
      datasetName: header.datasetName,
      savedAt: header.savedAt,
      source,
    },
  });
  return { ok: true, ...info };
}
