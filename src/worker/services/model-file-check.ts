import * as Comlink from 'comlink';
import { ModelFileError, sameIds } from '../../recsys/model-file';
import type { ExportOutcome, Outcome } from '../api';
import type { LoadedData } from '../session';

/** What every kind of model file carries to be matched with a dataset. */
interface DatasetBoundFile {
  readonly header: { readonly datasetName: string; readonly userCount: number; readonly movieCount: number };
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
}

/**
 * Decodes a model file of one kind and checks it was made for the loaded dataset (same users and
 * movies in the same order); the failure says which file and why. Shared by the MF and ranker kinds.
 */
export function readFileForDataset<F extends DatasetBoundFile>(
  data: LoadedData,
  bytes: Uint8Array,
  fileName: string,
  decode: (bytes: Uint8Array) => F,
): Outcome<{ file: F }> {
  let file: F;
  try {
    file = decode(bytes);
  } catch (error) {
    if (error instanceof ModelFileError) return { ok: false, code: 'bad-file', message: `${fileName} was not imported: ${error.message}.` };
    throw error;
  }
  const { dataset } = data;
  if (!sameIds(file.userIds, dataset.users.rawIds()) || !sameIds(file.movieIds, dataset.movies.rawIds())) {
    const { header } = file;
    return {
      ok: false,
      code: 'wrong-dataset',
      message:
        `${fileName} was not imported: it was trained on "${header.datasetName}" (${header.userCount} users, ` +
        `${header.movieCount} movies), not on the loaded data (${dataset.users.size} users, ${dataset.movies.size} movies).`,
    };
  }
  return { ok: true, file };
}

/** A model file's bytes as a download of `kind` for the loaded dataset (transferred, not copied). */
export function exportedFile(data: LoadedData, kind: string, bytes: Uint8Array<ArrayBuffer>): ExportOutcome {
  const safeName = data.dataset.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  return Comlink.transfer({ ok: true as const, bytes, fileName: `${kind}-${safeName}.mrmodel` }, [bytes.buffer]);
}
