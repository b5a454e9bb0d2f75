import { parquetMetadata, parquetRead, type SchemaElement } from 'hyparquet';
import type { ExternalFactors } from './external-factors';

/**
 * Spark MLlib's `ALSModel.save(path)` layout, and the reading of it (spark-als-writer.ts writes it):
 *
 *   path/metadata/part-00000…        one JSON line: class, sparkVersion, uid, paramMap, rank
 *   path/userFactors/part-*.parquet  id int32, features array<float> (rank of them), any count
 *   path/itemFactors/part-*.parquet  of part files, snappy by default (Spark's own choice)
 *
 * Parquet is read with hyparquet and written with hyparquet-writer (same authors, pinned to the
 * same hyparquet): pure JavaScript with no WASM or native step, so they run in the worker and in
 * Node's tests alike; they decode Spark's snappy pages natively, nested lists included, and
 * read one row group at a time, which is what lets a 250 MB table stream.
 *
 * Spark's metadata keeps only the model's own params (measured on Spark 4.3.0: blockSize,
 * coldStartStrategy, itemCol, userCol, and rank), not implicitPrefs, regParam or alpha. The
 * project's PySpark job (spark/als_job.py) writes them to `training.json` at the model folder's
 * root, which Spark ignores and this app reads; without it the person is told what was assumed.
 */

export const SPARK_ALS_CLASS = 'org.apache.spark.ml.recommendation.ALSModel';

/** What trained the model, from training.json (each undefined when not known). */
export interface SparkAlsSettings {
  readonly implicitPrefs: boolean | undefined;
  readonly regParam: number | undefined;
  readonly alpha: number | undefined;
  readonly maxIter: number | undefined;
}

export interface SparkAlsModel extends ExternalFactors {
  readonly sparkVersion: string;
  readonly uid: string;
  readonly settings: SparkAlsSettings;
  /** Whether training.json was there (else implicitPrefs and regParam are not known). */
  readonly hasTrainingJson: boolean;
  readonly partFiles: { readonly users: number; readonly movies: number };
}

export class SparkModelError extends Error {
  override name = 'SparkModelError';
}

export interface ReadProgress {
  /** Called after each row group (or slice of one) with the bytes of Parquet read so far of all. */
  readonly onBytes?: (done: number, total: number) => void;
  /** Between row groups: lets the worker take messages (Cancel) and throws to stop. */
  readonly yieldToMessages?: () => Promise<void>;
  /** Floats decoded between two reports where the pages allow it (default ~4 MB worth). */
  readonly floatsPerSlice?: number;
}

/** The files of a model folder (from a zip or a directory drop) by path relative to the folder,
 * whatever folder above it the zip or the drop had. */
export function modelFolderFiles(files: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const metadataPath = [...files.keys()].find((path) => /(^|\/)metadata\/part-\d+[^/]*$/.test(path) && !isHidden(path));
  if (metadataPath === undefined) {
    const some = [...files.keys()].slice(0, 5).join(', ');
    throw new SparkModelError(
      `It is not a saved Spark ALSModel: there is no metadata/part-00000 file (found ${some || 'no files'}). Zip the folder ALSModel.save wrote, or drop the folder itself.`,
    );
  }
  const root = metadataPath.slice(0, metadataPath.lastIndexOf('metadata/'));
  const relative = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) if (path.startsWith(root)) relative.set(path.slice(root.length), bytes);
  return relative;
}

/** Hadoop's checksum files (.part-….crc) and markers (_SUCCESS) are not data. */
function isHidden(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.startsWith('.') || name.startsWith('_');
}

/** Spark's metadata is one JSON line; training.json is a whole (pretty-printed) JSON file. */
function parseJson(bytes: Uint8Array, what: string, firstLineOnly: boolean): Record<string, unknown> {
  const whole = new TextDecoder().decode(bytes).trim();
  const text = firstLineOnly ? (whole.split('\n')[0] ?? '') : whole;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Said below, with the file's name.
  }
  throw new SparkModelError(`${what} is not a JSON object${firstLineOnly ? ' on one line, as Spark writes it' : ''}.`);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** training.json: the settings Spark's metadata leaves out. */
function readTrainingJson(bytes: Uint8Array | undefined): SparkAlsSettings {
  if (!bytes) return { implicitPrefs: undefined, regParam: undefined, alpha: undefined, maxIter: undefined };
  const json = parseJson(bytes, 'training.json', false);
  return {
    implicitPrefs: typeof json.implicitPrefs === 'boolean' ? json.implicitPrefs : undefined,
    regParam: numberOr(json.regParam),
    alpha: numberOr(json.alpha),
    maxIter: numberOr(json.maxIter),
  };
}

/** The column layout Spark writes: id int32, features a LIST of float. */
function checkSchema(schema: readonly SchemaElement[], fileName: string): void {
  const id = schema.find((element) => element.name === 'id');
  const features = schema.findIndex((element) => element.name === 'features');
  const element = features >= 0 ? schema[features + 2] : undefined;
  const isList = features >= 0 && (schema[features]?.converted_type === 'LIST' || schema[features]?.logical_type?.type === 'LIST');
  if (id?.type !== 'INT32' || !isList || element?.type !== 'FLOAT') {
    const found = schema
      .slice(1)
      .map((e) => `${e.name}${e.type ? ` ${e.type}` : ''}`)
      .join(', ');
    throw new SparkModelError(`${fileName} does not have Spark's factor columns (id int32, features array<float>); it has ${found}.`);
  }
}

/** Floats decoded between two progress reports (and chances to Cancel): ~4 MB, about a quarter
 * of a second here (bench:spark-import). */
const SLICE_FLOATS = 2 ** 20;

/** One side's part files, read in name order into one id array and one row-major table. */
async function readFactorTable(
  files: ReadonlyMap<string, Uint8Array>,
  folder: 'userFactors' | 'itemFactors',
  rank: number,
  progress: { read: number; readonly total: number } & ReadProgress,
): Promise<{ ids: Int32Array; table: Float32Array; parts: number }> {
  const parts = [...files.keys()].filter((path) => path.startsWith(`${folder}/`) && path.endsWith('.parquet') && !isHidden(path)).sort();
  if (parts.length === 0) throw new SparkModelError(`The model has no ${folder}/part-*.parquet files: the folder is incomplete.`);
  const metas = parts.map((path) => {
    const bytes = files.get(path)!;
    try {
      // hyparquet wants an ArrayBuffer; copy only when the view is part of a larger one (a
      // Netflix-size model would otherwise be held twice).
      const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
      const metadata = parquetMetadata(buffer);
      checkSchema(metadata.schema, path);
      return { path, buffer, metadata, rows: Number(metadata.num_rows) };
    } catch (error) {
      if (error instanceof SparkModelError) throw error;
      throw new SparkModelError(
        `${path} is not readable Parquet (${error instanceof Error ? error.message : String(error)}): truncated or not a part file.`,
      );
    }
  });
  const rowCount = metas.reduce((sum, meta) => sum + meta.rows, 0);
  const ids = new Int32Array(rowCount);
  const table = new Float32Array(rowCount * rank);
  let at = 0;
  for (const { path, buffer, metadata, rows } of metas) {
    for (let group = 0, groupStart = 0; group < metadata.row_groups.length; group++) {
      const rowGroup = metadata.row_groups[group]!;
      const groupRows = Number(rowGroup.num_rows);
      const firstRow = groupStart;
      groupStart += groupRows;
      if (groupRows === 0) continue;
      const compressedBytes = rowGroup.columns.reduce((sum, chunk) => sum + Number(chunk.meta_data?.total_compressed_size ?? 0), 0);
      // Spark writes one row group per part file (a part stays under parquet.block.size, 128 MB):
      // 48k rows, 24 MB of floats at Netflix size, about a second of decoding. Where the chunks
      // carry an offset index (Spark's parquet-mr and hyparquet-writer write one by default),
      // the group is read in slices of whole pages so that progress and Cancel come every
      // ~4 MB; without one a slice would decode the whole chunk again, so the group is read whole.
      // Only the features chunk matters: an id chunk without one (one page) is cheap to re-read.
      const features = rowGroup.columns.find((chunk) => chunk.meta_data?.path_in_schema[0] === 'features');
      const indexed = features?.offset_index_offset !== undefined && Boolean(features.offset_index_length);
      const sliceRows = indexed ? Math.max(1, Math.floor((progress.floatsPerSlice ?? SLICE_FLOATS) / rank)) : groupRows;
      for (let sliceStart = firstRow; sliceStart < firstRow + groupRows; sliceStart += sliceRows) {
        const sliceEnd = Math.min(sliceStart + sliceRows, firstRow + groupRows);
        // Never thrown inside onChunk: hyparquet calls it from promises it does not await, so a
        // throw there would be an unhandled rejection. The first problem is kept and thrown after.
        let problem: string | undefined;
        try {
          await parquetRead({
            file: buffer,
            metadata,
            columns: ['id', 'features'],
            rowStart: sliceStart,
            rowEnd: sliceEnd,
            useOffsetIndex: indexed,
            onChunk({ columnName, columnData, rowStart: chunkStart, rowEnd: chunkEnd }) {
              // A chunk may reach outside the rows asked for (whole pages, or the whole group).
              for (let row = Math.max(chunkStart, sliceStart); row < Math.min(chunkEnd, sliceEnd); row++) {
                const value: unknown = columnData[row - chunkStart];
                const out = at + row - firstRow;
                if (columnName === 'id') ids[out] = value as number;
                else if (!Array.isArray(value) || value.length !== rank) {
                  const length = Array.isArray(value) ? value.length : 'no';
                  problem ??= `${path}, row ${row + 1}: ${length} factors where the metadata says rank ${rank}.`;
                  return;
                } else table.set(value as number[], out * rank);
              }
            },
          });
        } catch (error) {
          if (error instanceof SparkModelError) throw error;
          throw new SparkModelError(
            `${path} could not be read (${error instanceof Error ? error.message : String(error)}): a damaged part file.`,
          );
        }
        if (problem !== undefined) throw new SparkModelError(problem);
        // Compressed bytes: their sum over the groups never passes the files' size (the total).
        progress.read += (compressedBytes * (sliceEnd - sliceStart)) / groupRows;
        progress.onBytes?.(Math.round(progress.read), progress.total);
        await progress.yieldToMessages?.();
      }
      at += groupRows;
    }
    if (at > rowCount) throw new SparkModelError(`${path} holds more rows than its footer says (${rows}).`);
  }
  return { ids, table, parts: parts.length };
}

/** Reads a saved ALSModel folder (its files by relative path); throws SparkModelError with the
 * reason, having changed nothing. */
export async function readSparkAlsModel(files: ReadonlyMap<string, Uint8Array>, progress: ReadProgress = {}): Promise<SparkAlsModel> {
  const folder = modelFolderFiles(files);
  const metadataPath = [...folder.keys()].find((path) => path.startsWith('metadata/part-') && !isHidden(path))!;
  const metadata = parseJson(folder.get(metadataPath)!, metadataPath, true);
  if (metadata.class !== SPARK_ALS_CLASS) {
    throw new SparkModelError(`The saved model is a ${String(metadata.class)}, not an ${SPARK_ALS_CLASS}.`);
  }
  const rank = metadata.rank;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1 || rank > 1024) {
    throw new SparkModelError(`Its metadata's rank (${String(rank)}) is not a factor count from 1 to 1024.`);
  }
  const dataBytes = [...folder]
    .filter(([path]) => path.endsWith('.parquet') && !isHidden(path))
    .reduce((sum, [, bytes]) => sum + bytes.byteLength, 0);
  const state = { read: 0, total: dataBytes, ...progress };
  const users = await readFactorTable(folder, 'userFactors', rank, state);
  const movies = await readFactorTable(folder, 'itemFactors', rank, state);
  const trainingJson = folder.get('training.json');
  return {
    rank,
    userIds: users.ids,
    userFactors: users.table,
    movieIds: movies.ids,
    movieFactors: movies.table,
    sparkVersion: String(metadata.sparkVersion ?? 'unknown'),
    uid: String(metadata.uid ?? ''),
    settings: readTrainingJson(trainingJson),
    hasTrainingJson: trainingJson !== undefined,
    partFiles: { users: users.parts, movies: movies.parts },
  };
}
