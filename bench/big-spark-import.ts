/**
 * Netflix-size Spark ALSModel import: `npx tsx bench/big-spark-import.ts [users] [movies] [rank]`
 * (default 480189 × 17770 at rank 128, ~250 MB of floats). Writes a synthetic model in Spark's
 * layout as Spark writes it (10 part files per table, Spark's default numUserBlocks/numItemBlocks,
 * each one row group since a part stays under parquet.block.size = 128 MB; snappy), then reads it with the app's own reader
 * (readSparkAlsModel, the code the worker runs) and aligns it to the ids (alignExternalFactors),
 * counting the progress reports and the yields between row groups (where Cancel is taken). As a
 * reference in the same run: a plain loop copying the same number of floats, to state the read
 * as a ratio. Prints one JSON line.
 */
import { IdMap } from '../src/recsys/dataset';
import { alignExternalFactors } from '../src/recsys/interop/external-factors';
import { readSparkAlsModel, SPARK_ALS_CLASS } from '../src/recsys/interop/spark-als';
import { writeFactorParquet } from '../src/recsys/interop/spark-als-writer';
import { syntheticFactors } from './synthetic-factors';

const [users = 480_189, movies = 17_770, rank = 128] = process.argv.slice(2).map(Number);
// Spark's ALS default: 10 user blocks and 10 item blocks, so 10 part files per table.
const PARTS = 10;

const table = (rows: number, seed: number) => syntheticFactors(rows, rank, seed);

function parts(folder: string, count: number, seed: number, files: Map<string, Uint8Array>) {
  const partRows = Math.ceil(count / PARTS);
  for (let from = 0, part = 0; from < count; from += partRows, part++) {
    const rows = Math.min(partRows, count - from);
    const ids = Int32Array.from({ length: rows }, (_, i) => from + i + 1);
    files.set(
      `${folder}/part-${String(part).padStart(5, '0')}-bench.snappy.parquet`,
      writeFactorParquet(ids, table(rows, seed + part), rank, rows),
    );
  }
}

const files = new Map<string, Uint8Array>();
files.set(
  'metadata/part-00000',
  new TextEncoder().encode(JSON.stringify({ class: SPARK_ALS_CLASS, sparkVersion: '4.3.0', uid: 'ALS_bench', paramMap: {}, rank })),
);
let started = performance.now();
parts('userFactors', users, 1, files);
parts('itemFactors', movies, 99, files);
const writeSeconds = (performance.now() - started) / 1000;
const bytes = [...files.values()].reduce((sum, file) => sum + file.byteLength, 0);

// What a tab pays for: the JS heap plus ArrayBuffers (the Parquet bytes, the tables), sampled at
// every yield; the baseline holds the model's files (as a dropped zip's entries would be held).
const globalWithGc = globalThis as { gc?: () => void };
globalWithGc.gc?.();
const heapAndBuffers = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
const baselineBytes = heapAndBuffers();
let peakBytes = baselineBytes;
let reports = 0;
let yields = 0;
let longestGapMs = 0;
let last = performance.now();
started = performance.now();
const model = await readSparkAlsModel(files, {
  onBytes: () => reports++,
  yieldToMessages: async () => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    peakBytes = Math.max(peakBytes, heapAndBuffers());
    last = now;
    yields++;
    await new Promise((resolve) => setTimeout(resolve, 0));
  },
});
const readSeconds = (performance.now() - started) / 1000;
started = performance.now();
const aligned = alignExternalFactors(model, IdMap.fromRawIds(model.userIds), IdMap.fromRawIds(model.movieIds));
const alignSeconds = (performance.now() - started) / 1000;

// Reference: a plain loop over as many floats (what any reader must at least touch).
const floats = (users + movies) * rank;
const source = new Float32Array(floats);
const target = new Float32Array(floats);
started = performance.now();
for (let i = 0; i < floats; i++) target[i] = source[i]! * 1;
const loopSeconds = (performance.now() - started) / 1000;

console.log(
  JSON.stringify({
    users,
    movies,
    rank,
    parquetMB: +(bytes / 2 ** 20).toFixed(1),
    floatsMB: +((floats * 4) / 2 ** 20).toFixed(1),
    writeSeconds: +writeSeconds.toFixed(2),
    readSeconds: +readSeconds.toFixed(2),
    alignSeconds: +alignSeconds.toFixed(2),
    plainLoopSeconds: +loopSeconds.toFixed(3),
    readOverPlainLoop: +(readSeconds / loopSeconds).toFixed(1),
    progressReports: reports,
    yieldsForCancel: yields,
    longestMsBetweenYields: Math.round(longestGapMs),
    filesHeldMB: Math.round(baselineBytes / 2 ** 20),
    peakDuringReadMB: Math.round(peakBytes / 2 ** 20),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    userFactorsAligned: aligned.userFactors.length === users * rank,
  }),
);
