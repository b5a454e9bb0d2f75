import { zipSync, type Zippable } from 'fflate';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ExternalFactors } from './external-factors';
import { SPARK_ALS_CLASS } from './spark-als';

/**
 * Writes a model in Spark MLlib's `ALSModel.save(path)` layout (see spark-als.ts, which reads
 * it): each factor table as a Parquet part file in Spark's own schema, the metadata line Spark
 * reads, and training.json with the settings Spark's metadata has no place for, zipped.
 */

/** Spark's own layout of a factor table: required id, features a 3-level LIST of float. */
const FACTOR_SCHEMA: SchemaElement[] = [
  { name: 'spark_schema', num_children: 2 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'features', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
];

/** Rows per Parquet row group: bounds the nested arrays held at once, in writing and reading. */
const ROWS_PER_GROUP = 16_384;

/** One factor table as one Spark part file (exported for tests that build multi-part models). */
export function writeFactorParquet(
  ids: Int32Array,
  table: Float32Array,
  rank: number,
  rowsPerGroup = ROWS_PER_GROUP,
  pageBytes = 2 ** 20,
): Uint8Array {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: FACTOR_SCHEMA,
    statistics: false,
    createdBy: 'movie-recommender (hyparquet-writer)',
  });
  // One row group at a time: the nested arrays hyparquet-writer takes (a JS array per row) exist
  // for one group only, not for a whole Netflix-size table (61 M boxed numbers).
  for (let from = 0; from < ids.length || from === 0; from += rowsPerGroup) {
    const to = Math.min(from + rowsPerGroup, ids.length);
    const features: number[][] = new Array<number[]>(to - from);
    for (let row = from; row < to; row++) features[row - from] = Array.from(table.subarray(row * rank, (row + 1) * rank));
    // ByteWriter has no flush, so write() returns at once (no Promise to await).
    void parquet.write({
      columnData: [
        { name: 'id', data: ids.subarray(from, to) },
        { name: 'features', data: features },
      ],
      rowGroupSize: rowsPerGroup,
      pageSize: pageBytes,
    });
    if (to === ids.length) break;
  }
  void parquet.finish();
  return new Uint8Array(writer.getBuffer());
}

export interface SparkAlsExport extends ExternalFactors {
  readonly implicitPrefs: boolean;
  readonly regParam: number;
  readonly alpha: number;
  readonly maxIter: number;
}

/** The Spark version whose layout this writes (the one the tests load it with). */
export const SPARK_LAYOUT_VERSION = '4.3.0';

/** An ALSModel folder, zipped (stored: floats hardly compress), that `ALSModel.load` opens once
 * unzipped; training.json beside it keeps the settings Spark's metadata has no place for. */
export function writeSparkAlsModel(model: SparkAlsExport): Uint8Array<ArrayBuffer> {
  const uid = `ALS_${Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const metadata = {
    class: SPARK_ALS_CLASS,
    timestamp: Date.now(),
    sparkVersion: SPARK_LAYOUT_VERSION,
    uid,
    paramMap: { blockSize: 4096, coldStartStrategy: 'nan', itemCol: 'movieId', userCol: 'userId' },
    defaultParamMap: { blockSize: 4096, coldStartStrategy: 'nan', itemCol: 'item', predictionCol: 'prediction', userCol: 'user' },
    rank: model.rank,
  };
  const training = {
    engine: 'movie-recommender',
    implicitPrefs: model.implicitPrefs,
    rank: model.rank,
    regParam: model.regParam,
    alpha: model.alpha,
    maxIter: model.maxIter,
  };
  const text = (value: string) => new TextEncoder().encode(value);
  const files: Zippable = {
    'metadata/part-00000': [text(`${JSON.stringify(metadata)}\n`), { level: 0 }],
    'metadata/_SUCCESS': [new Uint8Array(0), { level: 0 }],
    'userFactors/part-00000.snappy.parquet': [writeFactorParquet(model.userIds, model.userFactors, model.rank), { level: 0 }],
    'userFactors/_SUCCESS': [new Uint8Array(0), { level: 0 }],
    'itemFactors/part-00000.snappy.parquet': [writeFactorParquet(model.movieIds, model.movieFactors, model.rank), { level: 0 }],
    'itemFactors/_SUCCESS': [new Uint8Array(0), { level: 0 }],
    'training.json': [text(`${JSON.stringify(training, null, 2)}\n`), { level: 0 }],
  };
  return zipSync(files) as Uint8Array<ArrayBuffer>;
}
