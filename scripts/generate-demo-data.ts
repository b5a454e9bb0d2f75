// Writes the built-in demo dataset as MovieLens-style CSV files, e.g. to try the file drop:
//   npm run demo-data -- [outDir] [--seed N] [--users N] [--movies N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoCsv } from '../src/recsys/demo-data';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string' }, users: { type: 'string' }, movies: { type: 'string' } },
});
const outDir = positionals[0] ?? 'demo-data';
const csv = generateDemoCsv({
  seed: values.seed === undefined ? undefined : Number(values.seed),
  userCount: values.users === undefined ? undefined : Number(values.users),
  movieCount: values.movies === undefined ? undefined : Number(values.movies),
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'movies.csv'), csv.moviesCsv);
writeFileSync(join(outDir, 'ratings.csv'), csv.ratingsCsv);
console.log(`Wrote ${join(outDir, 'movies.csv')} and ${join(outDir, 'ratings.csv')}`);
