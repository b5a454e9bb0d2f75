/** The command line of `npm run generate:ratings`: options, their defaults and checks, the usage text. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAX_MOVIE_ID, ML_25M_MOVIES, ML_25M_RATINGS, ML_25M_USERS } from './ml-25m';

export interface GeneratorOptions {
  /** Absolute path of ratings.csv; movies.csv goes in the same folder. */
  out: string;
  ratings: number;
  users: number;
  movies: number;
  seed: number;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Relative paths on the command line are relative to where `npm run` was started. */
export const USER_CWD = process.env.INIT_CWD ?? process.cwd();

export const DEFAULTS: GeneratorOptions = {
  out: resolve(REPO_ROOT, 'data/ml-25m-synthetic/ratings.csv'),
  ratings: ML_25M_RATINGS,
  users: ML_25M_USERS,
  movies: ML_25M_MOVIES,
  seed: 25,
};

export const USAGE = `Usage: npm run generate:ratings -- [options]

Writes a synthetic MovieLens ml-25m-shaped ratings.csv and a matching movies.csv beside it.

  --out FILE     ratings file to write; movies.csv goes in the same folder
                 [data/ml-25m-synthetic/ratings.csv under the repo]
  --ratings N    number of ratings [${DEFAULTS.ratings}]
  --users N      number of users, ids 1..N [${DEFAULTS.users}]
  --movies N     number of movies, a sparse id set in 1..${MAX_MOVIE_ID} [${DEFAULTS.movies}]
  --seed N       PRNG seed; the same seed gives the same files [${DEFAULTS.seed}]
  -h, --help     this text`;

/** A mistake on the command line: the message is printed with the usage text. */
export class UsageError extends Error {}

function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\s*\d[\d_]*\s*$/.test(text) ? Number(text.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        ratings: { type: 'string' },
        users: { type: 'string' },
        movies: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The options of `argv` (without node and the script), or 'help'; throws UsageError. */
export function parseOptions(argv: string[]): GeneratorOptions | 'help' {
  const values = readArgs(argv);
  if (values.help) return 'help';
  const options: GeneratorOptions = {
    out: values.out === undefined ? DEFAULTS.out : resolve(USER_CWD, values.out),
    ratings: wholeNumber('--ratings', values.ratings, DEFAULTS.ratings, 1, 2 ** 31 - 1),
    users: wholeNumber('--users', values.users, DEFAULTS.users, 1, 100_000_000),
    movies: wholeNumber('--movies', values.movies, DEFAULTS.movies, 1, 100_000_000),
    seed: wholeNumber('--seed', values.seed, DEFAULTS.seed, 0, 0xffff_ffff),
  };
  if (options.ratings < options.users) {
    throw new UsageError(`--ratings (${options.ratings}) must be at least --users (${options.users}): every user rates`);
  }
  if (options.ratings < options.movies) {
    throw new UsageError(`--ratings (${options.ratings}) must be at least --movies (${options.movies}): every movie is rated`);
  }
  if (options.ratings > options.users * options.movies) {
    throw new UsageError(
      `--ratings (${options.ratings}) is more than --users × --movies (${options.users * options.movies}): ` +
        'a user rates a movie at most once',
    );
  }
  if (options.out.endsWith('/') || /(^|\/)movies\.csv$/.test(options.out)) {
    throw new UsageError(`--out ${options.out}: give a file name other than movies.csv (movies.csv is written beside it)`);
  }
  return options;
}
