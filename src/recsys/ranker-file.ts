import { arrayReader, decodeFramed, encodeFramed, fail, isCount, MAX_FACTORS, MAX_ROWS } from './model-file';
import type { IalsConfig, IalsModel } from './models/ials';
import type { RankerIterationMetrics } from './train-ranker';

/**
 * The ranking model as a file, in the app's model format (model-file.ts: magic line, JSON
 * header, raw 32-bit arrays) with kind 'ials': userIds, movieIds (int32), userFactors,
 * movieFactors (float32). Validated as strictly as the MF kinds before anything is used.
 */
export interface RankerFileHeader {
  readonly format: 'movie-recommender-model';
  readonly version: 1;
  readonly kind: 'ials';
  readonly config: IalsConfig;
  readonly datasetName: string;
  readonly datasetFingerprint?: string;
  readonly userCount: number;
  readonly movieCount: number;
  readonly factors: number;
  /** μ of the training ratings: fold-in weighs a person's ratings relative to it. */
  readonly meanRating: number;
  /** Sweeps of the kept model. */
  readonly iterations: number;
  /** NDCG@10 on the validation carve at the kept sweep count (null when never measured). */
  readonly validationNdcg: number | null;
  readonly savedAt: string;
  readonly history?: readonly RankerIterationMetrics[];
}

export interface RankerFile {
  readonly header: RankerFileHeader;
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
  readonly model: IalsModel;
}

export function encodeRankerFile(file: RankerFile): Uint8Array<ArrayBuffer> {
  return encodeFramed(file.header, [file.userIds, file.movieIds, file.model.userFactors, file.model.movieFactors]);
}

const CONFIG_FIELDS = [
  'factors',
  'unobservedWeight',
  'regularization',
  'frequencyExponent',
  'iterations',
  'conjugateGradientSteps',
  'seed',
] as const satisfies readonly (keyof IalsConfig)[];

/** Reads a ranking model file, or throws ModelFileError saying what is wrong with it. */
export function decodeRankerFile(bytes: Uint8Array): RankerFile {
  const framed = decodeFramed(bytes);
  const header = framed.header as RankerFileHeader;
  if (header.kind !== 'ials') fail(`its model kind "${String(header.kind)}" is not a ranking model`);
  const { userCount, movieCount, factors } = header;
  if (!isCount(userCount, MAX_ROWS) || !isCount(movieCount, MAX_ROWS) || !isCount(factors, MAX_FACTORS)) {
    fail('its sizes are absurd (users, movies and factors must be whole numbers within limits)');
  }
  if (!Number.isFinite(header.meanRating)) fail('its mean rating is not a number');
  const config = header.config as Partial<Record<(typeof CONFIG_FIELDS)[number], unknown>> | undefined;
  for (const field of CONFIG_FIELDS) {
    const value = config?.[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`its settings lack a sound "${field}"`);
  }
  if (header.config.factors !== factors) fail(`its settings say ${header.config.factors} factors, its arrays ${factors}`);
  const expected = framed.dataStart + 4 * (userCount + movieCount + (userCount + movieCount) * factors);
  if (bytes.length !== expected) fail(`it has ${bytes.length} bytes where its header promises ${expected}`);
  const take = arrayReader(bytes, framed.dataStart);
  const userIds = take(Int32Array, userCount);
  const movieIds = take(Int32Array, movieCount);
  const userFactors = take(Float32Array, userCount * factors);
  const movieFactors = take(Float32Array, movieCount * factors);
  if (!userFactors.every(Number.isFinite)) fail('its userFactors hold a value that is not a finite number');
  if (!movieFactors.every(Number.isFinite)) fail('its movieFactors hold a value that is not a finite number');
  return {
    header,
    userIds,
    movieIds,
    model: { userCount, movieCount, factors, userFactors, movieFactors, meanRating: header.meanRating },
  };
}
