import type { IalsConfig, IalsModel } from '../../recsys/models/ials';
import { decodeRankerFile, encodeRankerFile, type RankerFile } from '../../recsys/ranker-file';
import type { RankerIterationMetrics } from '../../recsys/train-ranker';
import type { ExportOutcome, Outcome, RankerInfo } from '../api';
import type { LoadedData } from '../session';
import type { WorkerContext } from './context';
import { exportedFile, readFileForDataset } from './model-file-check';

/** The ranking model of the loaded dataset as a file: for export and for this browser's storage. */
export function rankerFileFor(
  data: LoadedData,
  model: IalsModel,
  config: IalsConfig,
  progress: { iterations: number; validationNdcg: number | null; history: readonly RankerIterationMetrics[] },
): RankerFile {
  const { dataset, fingerprint } = data;
  return {
    header: {
      format: 'movie-recommender-model',
      version: 1,
      kind: 'ials',
      config,
      datasetName: dataset.name,
      datasetFingerprint: fingerprint,
      userCount: model.userCount,
      movieCount: model.movieCount,
      factors: model.factors,
      meanRating: model.meanRating,
      iterations: progress.iterations,
      validationNdcg: progress.validationNdcg,
      savedAt: new Date().toISOString(),
      history: progress.history,
    },
    userIds: dataset.users.rawIds(),
    movieIds: dataset.movies.rawIds(),
    model,
  };
}

/** Makes a ranking model file current (and keeps it in storage unless it came from there). */
export function adoptRanker(
  { session, storage }: WorkerContext,
  data: LoadedData,
  file: RankerFile,
  source: RankerInfo['source'],
  /** Keep it in this browser's storage (an early model of a training that goes on is not kept). */
  persist = source !== 'restored',
): RankerInfo {
  const { header } = file;
  if (persist && data.fingerprint) {
    void storage.saveModel(data.fingerprint, encodeRankerFile(file), 'ranking').catch(() => undefined);
  }
  const info = session.replaceRanker({
    model: file.model,
    config: header.config,
    file,
    info: {
      kind: 'ials',
      factors: header.factors,
      iterations: header.iterations,
      validationNdcg: header.validationNdcg,
      datasetName: header.datasetName,
      savedAt: header.savedAt,
      source,
    },
  });
  // Every fold-in needs QᵀQ: computed now, within the training or restore, not at the first rating.
  session.ranker?.movieGram();
  return info;
}

/** Reads a ranking model file and checks it was made for the loaded dataset. */
export function readRankerFile(data: LoadedData, bytes: Uint8Array, fileName: string): Outcome<{ file: RankerFile }> {
  return readFileForDataset(data, bytes, fileName, decodeRankerFile);
}

/** The ranking model kept for the loaded dataset, restored quietly (nothing kept: undefined). */
export async function restoreRanker(context: WorkerContext, data: LoadedData): Promise<RankerInfo | undefined> {
  if (!data.fingerprint) return undefined;
  const bytes = await context.storage.loadModel(data.fingerprint, 'ranking').catch(() => undefined);
  if (!bytes) return undefined;
  const read = readRankerFile(data, bytes, 'the stored ranking model');
  return read.ok ? adoptRanker(context, data, read.file, 'restored') : undefined;
}

export async function exportRanker({ session }: WorkerContext): Promise<ExportOutcome> {
  const data = session.data;
  const ranker = session.ranker;
  if (!data || !ranker) return { ok: false, code: 'no-model', message: 'Train with the iALS ranker first.' };
  return exportedFile(data, 'ials', encodeRankerFile(ranker.file));
}
