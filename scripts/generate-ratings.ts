// Writes a synthetic MovieLens dataset shaped like ml-25m, to load-test the import:
//   npm run generate:ratings -- [--out FILE] [--ratings N] [--users N] [--movies N] [--seed N]
//
// ratings.csv (header userId,movieId,rating,timestamp; 25,000,095 ratings by 162,541 users of
// 59,047 movies by default, about 650 MB) and a matching movies.csv (movieId,title,genres) beside
// it. As in MovieLens: every user's rows together, users ascending from 1, each user's movies
// ascending and distinct, at least 20 ratings per user (fewer only when --ratings/--users leaves
// less), movie ids a sparse set in 1..209171 with popularity-skewed choices (Zipf-Mandelbrot with
// an exponential tail), every movie rated at least once, half-star ratings written "4.0"/"3.5"
// (whole stars only before 2003-02-18, as in MovieLens), timestamps in 789652009..1574327703 and
// ascending within a user. Who rated what follows habit circles beside popularity (see ratings-file.ts). Ratings follow μ + user bias + movie bias + a 4-dimensional taste match
// + noise, so a model can learn, and a factor model can beat the bias-only baseline.
//
// Deterministic for a seed (mulberry32 from src/recsys/random). Streams its output in 4 MiB
// chunks with backpressure; never holds a file in memory. Node and tsx, no dependencies.
//
// The parts, in generate-ratings/: options (the command line), dataset-shape and alias-table
// (ids, popularity, ratings per user, coverage), taste-model (the rating of a user for a movie),
// movies-file and ratings-file (the CSV rows), chunked-writer (the output stream).
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { mulberry32 } from '../src/recsys/random';
import { sparseIds } from './generate-ratings/dataset-shape';
import { MAX_MOVIE_ID } from './generate-ratings/ml-25m';
import { writeMovies } from './generate-ratings/movies-file';
import { USAGE, USER_CWD, UsageError, parseOptions } from './generate-ratings/options';
import { writeRatings } from './generate-ratings/ratings-file';

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `path` relative to where the command was started, unless it lies outside. */
function shown(path: string): string {
  const rel = relative(USER_CWD, path);
  return rel.startsWith('..') ? path : rel;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`generate-ratings: ${error.message}\n\n${USAGE}\n`);
      return 1;
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const ratingsPath = options.out;
  const moviesPath = join(dirname(ratingsPath), 'movies.csv');
  mkdirSync(dirname(ratingsPath), { recursive: true });
  console.log(
    `Writing ${options.ratings} ratings by ${options.users} users of ${options.movies} movies (seed ${options.seed}) ` +
      `to ${shown(ratingsPath)} and ${shown(moviesPath)}`,
  );

  const random = mulberry32(options.seed);
  const movieIds = sparseIds(options.movies, Math.max(MAX_MOVIE_ID, options.movies), random);
  const moviesBytes = await writeMovies(moviesPath, movieIds, random);
  const result = await writeRatings(ratingsPath, options, movieIds, random, (users, rows, bytes) => {
    const percent = ((100 * rows) / options.ratings).toFixed(0).padStart(3);
    console.log(`  ${percent}%  user ${users}, ${rows} ratings, ${formatBytes(bytes)}, ${seconds()} s`);
  });
  if (result.rows !== options.ratings) throw new Error(`Wrote ${result.rows} ratings, not ${options.ratings}`);

  const elapsed = (performance.now() - started) / 1000;
  const ratingsBytes = statSync(ratingsPath).size;
  console.log(`${shown(ratingsPath)}: ${formatBytes(ratingsBytes)} (${ratingsBytes} bytes), ${result.rows} ratings`);
  console.log(`${shown(moviesPath)}: ${formatBytes(moviesBytes)} (${moviesBytes} bytes), ${options.movies} movies`);
  console.log(
    `Done in ${elapsed.toFixed(1)} s (${(ratingsBytes / (1 << 20) / elapsed).toFixed(0)} MiB/s); ` +
      `ratings per user ${result.minPerUser}..${result.maxPerUser}`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`generate-ratings: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
