import type { MatrixFactorizationWeights } from './models/mf-weights';
import type { ModelKind, TrainingConfig } from './training-config';
import type { EpochMetrics } from './training-outcome';

/**
 * One file holding a trained MF model: what "Export model" writes and "Import model" reads, and
 * what the app keeps in IndexedDB. Layout: the magic line, a little-endian uint32 header length,
 * a JSON header, then the arrays as raw little-endian 32-bit values:
 * userIds, movieIds (int32), userFactors, movieFactors, userBias, movieBias (float32).
 * Reading checks everything before anything is used: a hand-edited, truncated or absurd file is
 * refused with the reason.
 */
export const MODEL_MAGIC = 'MOVIE-RECOMMENDER-MODEL v1\n';
export const MAX_ROWS = 50_000_000;
export const MAX_FACTORS = 1024;

export interface ModelFileHeader {
  readonly format: 'movie-recommender-model';
  readonly version: 1;
  readonly kind: Extract<ModelKind, 'biased-mf' | 'mf'>;
  readonly config: TrainingConfig;
  readonly datasetName: string;
  /** The dataset's fingerprint when it has one; the ids below are checked in any case. */
  readonly datasetFingerprint?: string;
  readonly userCount: number;
  readonly movieCount: number;
  readonly factors: number;
  readonly globalMean: number;
  readonly epochs: number;
  readonly bestTestRmse: number;
  readonly savedAt: string;
  /** The epochs that made these weights, so a resumed training continues the chart. */
  readonly history?: readonly EpochMetrics[];
}

export interface ModelFile {
  readonly header: ModelFileHeader;
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
  readonly weights: MatrixFactorizationWeights;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export function encodeModelFile(file: ModelFile): Uint8Array<ArrayBuffer> {
  const { weights } = file;
  return encodeFramed(file.header, [
    file.userIds,
    file.movieIds,
    weights.userFactors,
    weights.movieFactors,
    weights.userBias,
    weights.movieBias,
  ]);
}

/** The magic line, the header's length and JSON, then `arrays` as raw little-endian 32-bit
 * values: the layout every kind of model file shares. */
export function encodeFramed(header: object, arrays: readonly (Int32Array | Float32Array)[]): Uint8Array<ArrayBuffer> {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const magic = new TextEncoder().encode(MODEL_MAGIC);
  const dataBytes = arrays.reduce((n, a) => n + a.length * 4, 0);
  // Arrays start on a 4-byte boundary so they can be viewed in place when read.
  const headerEnd = magic.length + 4 + headerBytes.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const out = new Uint8Array(dataStart + dataBytes);
  out.set(magic, 0);
  new DataView(out.buffer).setUint32(magic.length, headerBytes.length, true);
  out.set(headerBytes, magic.length + 4);
  let at = dataStart;
  for (const array of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.length * 4), at);
    at += array.length * 4;
  }
  return out;
}

export function fail(reason: string): never {
  throw new ModelFileError(reason);
}

export function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/** The parsed JSON header of a model file of any kind, and where its arrays start; throws
 * ModelFileError when the frame is not this app's. */
export function decodeFramed(bytes: Uint8Array): { header: unknown; dataStart: number } {
  const magic = new TextEncoder().encode(MODEL_MAGIC);
  if (bytes.length < magic.length + 4 || !magic.every((b, i) => bytes[i] === b)) {
    fail('this is not a model file of this app (it does not start with its signature)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(magic.length, true);
  if (headerLength > 1_000_000 || magic.length + 4 + headerLength > bytes.length) fail('the file is cut off or its header length is wrong');
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(magic.length + 4, magic.length + 4 + headerLength)),
    );
  } catch {
    fail('its header is not valid JSON');
  }
  const framed = header as { format?: unknown; version?: unknown } | null;
  if (framed?.format !== 'movie-recommender-model' || framed.version !== 1) fail("it is not version 1 of this app's model format");
  return { header, dataStart: Math.ceil((magic.length + 4 + headerLength) / 4) * 4 };
}

/** The `kind` a model file says it holds ('biased-mf', 'mf', 'ials'…); throws ModelFileError
 * when it is not a model file of this app. */
export function modelFileKind(bytes: Uint8Array): string {
  const { header } = decodeFramed(bytes);
  return String((header as { kind?: unknown }).kind);
}

/** Views consecutive 32-bit arrays of a copy of `bytes` from `dataStart`. */
export function arrayReader(bytes: Uint8Array, dataStart: number) {
  // Copy into an aligned buffer so the typed arrays are views.
  const data = bytes.slice(dataStart).buffer;
  let at = 0;
  return <T extends Int32Array | Float32Array>(make: new (buffer: ArrayBuffer, offset: number, length: number) => T, length: number): T => {
    const array = new make(data, at, length);
    at += length * 4;
    return array;
  };
}

/** Reads an MF model file, or throws ModelFileError saying what is wrong with it. */
export function decodeModelFile(bytes: Uint8Array): ModelFile {
  const framed = decodeFramed(bytes);
  const header = framed.header as ModelFileHeader;
  if (header.kind !== 'biased-mf' && header.kind !== 'mf') fail(`its model kind "${String(header.kind)}" is not one this app reads`);
  const { userCount, movieCount, factors } = header;
  if (!isCount(userCount, MAX_ROWS) || !isCount(movieCount, MAX_ROWS) || !isCount(factors, MAX_FACTORS)) {
    fail('its sizes are absurd (users, movies and factors must be whole numbers within limits)');
  }
  if (!Number.isFinite(header.globalMean)) fail('its global mean is not a number');
  const dataStart = framed.dataStart;
  const expected = dataStart + 4 * (userCount + movieCount + userCount * factors + movieCount * factors + userCount + movieCount);
  if (bytes.length !== expected) fail(`it has ${bytes.length} bytes where its header promises ${expected}`);
  const take = arrayReader(bytes, dataStart);
  const userIds = take(Int32Array, userCount);
  const movieIds = take(Int32Array, movieCount);
  const weights: MatrixFactorizationWeights = {
    userCount,
    movieCount,
    factors,
    globalMean: header.globalMean,
    userFactors: take(Float32Array, userCount * factors),
    movieFactors: take(Float32Array, movieCount * factors),
    userBias: take(Float32Array, userCount),
    movieBias: take(Float32Array, movieCount),
  };
  for (const name of ['userFactors', 'movieFactors', 'userBias', 'movieBias'] as const) {
    if (!weights[name].every(Number.isFinite)) fail(`its ${name} hold a value that is not a finite number`);
  }
  return { header, userIds, movieIds, weights };
}

/** Whether a model's ids are exactly the dataset's (same users and movies in the same order). */
export function sameIds(modelIds: Int32Array, datasetIds: Int32Array): boolean {
  return modelIds.length === datasetIds.length && modelIds.every((id, i) => id === datasetIds[i]);
}
