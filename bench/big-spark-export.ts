/**
 * Netflix-size Spark export: `npx tsx bench/big-spark-export.ts [--one-group] [users] [movies] [rank]`
 * (default 480189 × 17770 at rank 128). Times writeSparkAlsModel (the code Export model → Spark
 * ALSModel runs in the worker) and reports the process's peak memory. `--one-group` writes each
 * table as a single row group instead (what the export did before it wrote group by group), to
 * state the memory as a ratio; run the two in separate processes. Prints one JSON line.
 */
import { writeFactorParquet, writeSparkAlsModel } from '../src/recsys/interop/spark-als-writer';
import { syntheticFactors } from './synthetic-factors';

const args = process.argv.slice(2);
const oneGroup = args.includes('--one-group');
const [users = 480_189, movies = 17_770, rank = 128] = args.filter((arg) => !arg.startsWith('--')).map(Number);

const table = (rows: number, seed: number) => syntheticFactors(rows, rank, seed);

const model = {
  rank,
  userIds: Int32Array.from({ length: users }, (_, i) => i + 1),
  userFactors: table(users, 1),
  movieIds: Int32Array.from({ length: movies }, (_, i) => i + 1),
  movieFactors: table(movies, 2),
  implicitPrefs: true,
  regParam: 0.1,
  alpha: 1,
  maxIter: 15,
};
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const bytes = oneGroup
  ? writeFactorParquet(model.userIds, model.userFactors, rank, users).byteLength +
    writeFactorParquet(model.movieIds, model.movieFactors, rank, movies).byteLength
  : writeSparkAlsModel(model).byteLength;
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    users,
    movies,
    rank,
    rowGroups: oneGroup ? 'one per table' : 'one per 16384 rows',
    outputMB: +(bytes / 2 ** 20).toFixed(1),
    floatsMB: +(((users + movies) * rank * 4) / 2 ** 20).toFixed(1),
    seconds: +seconds.toFixed(2),
    rssBeforeMB: Math.round(rssBefore / 2 ** 20),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
