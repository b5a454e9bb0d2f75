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
// ascending within a user. Ratings follow μ + user bias + movie bias + a 4-dimensional taste match
// + noise, so a model can learn, and a factor model can beat the bias-only baseline.
//
// Deterministic for a seed (a hand-written mulberry32). Streams its output in 4 MiB chunks with
// backpressure; never holds a file in memory. Plain Node, no dependencies.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Relative paths on the command line are relative to where `npm run` was started. */
const USER_CWD = process.env.INIT_CWD ?? process.cwd();

const DEFAULTS = {
  out: join(REPO_ROOT, 'data/ml-25m-synthetic/ratings.csv'),
  ratings: 25_000_095,
  users: 162_541,
  movies: 59_047,
  seed: 25,
};

/** MovieLens ml-25m's ranges. */
const MAX_MOVIE_ID = 209_171;
const MIN_TIMESTAMP = 789_652_009;
const MAX_TIMESTAMP = 1_574_327_703;
/** MovieLens offered half stars from 2003-02-18; before that, whole stars only. */
const HALF_STARS_FROM = 1_045_526_400;
const MIN_RATINGS_PER_USER = 20;
/** The taste match p_u·q_i is written out for 4 dimensions. */
const TASTE_DIMENSIONS = 4;
/** ml-25m: the most active user rated 32,202 movies, ~209 times the mean (153.8). */
const MAX_USER_TO_MEAN = 209;
const GENRES = [
  'Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'IMAX', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

const CHUNK_BYTES = 4 << 20;
/** Longest row: "162541,209171,4.5,1574327703\n" is 29 bytes; ids up to 10 digits stay under 64. */
const MAX_ROW_BYTES = 64;

const USAGE = `Usage: npm run generate:ratings -- [options]

Writes a synthetic MovieLens ml-25m-shaped ratings.csv and a matching movies.csv beside it.

  --out FILE     ratings file to write; movies.csv goes in the same folder
                 [data/ml-25m-synthetic/ratings.csv under the repo]
  --ratings N    number of ratings [${DEFAULTS.ratings}]
  --users N      number of users, ids 1..N [${DEFAULTS.users}]
  --movies N     number of movies, a sparse id set in 1..${MAX_MOVIE_ID} [${DEFAULTS.movies}]
  --seed N       PRNG seed; the same seed gives the same files [${DEFAULTS.seed}]
  -h, --help     this text`;

// ---------------------------------------------------------------------------------------------
// Options

class UsageError extends Error {}

function wholeNumber(flag, text, fallback, min, max) {
  if (text === undefined) return fallback;
  const value = /^\s*\d[\d_]*\s*$/.test(text) ? Number(text.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
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
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return 'help';
  const options = {
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

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal, Box-Muller (the second value is dropped: simplicity over speed here). */
function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Vose's alias table: O(1) draws from a discrete distribution with weights `weights`. */
function aliasTable(weights) {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    prob[i] = (weights[i] * n) / total;
    if (prob[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[nl - 1];
    alias[s] = l;
    prob[l] = prob[l] + prob[s] - 1;
    if (prob[l] < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

// ---------------------------------------------------------------------------------------------
// The dataset's shape

/** `count` distinct sorted ids in 1..max (1 and max included), by selection sampling. */
function sparseIds(count, max, random) {
  const ids = new Int32Array(count);
  if (count >= max) {
    for (let i = 0; i < count; i++) ids[i] = i + 1;
    return ids;
  }
  let n = 0;
  if (count >= 1) ids[n++] = 1;
  const inner = Math.max(0, count - 2);
  let needed = inner;
  for (let id = 2; id < max && needed > 0; id++) {
    const remaining = max - id; // candidates left, this one included
    if (random() * remaining < needed) {
      ids[n++] = id;
      needed--;
    }
  }
  if (count >= 2) ids[n] = max;
  return ids;
}

/**
 * Popularity: movie i (ids ascending) has weight w(rank(i)), Zipf-Mandelbrot with an exponential
 * tail, w(k) = (k + 40)^-0.8 · exp(-(k / K)^0.55), K = 2500 at 59,047 movies. At ml-25m's size
 * (with the per-user no-repeat rule) the most rated movie gets ~61k ratings, the 100th ~28k, the
 * 1000th ~5.2k, the median 20 (ml-25m: 81k, ~30k, ~6k, ~6). Older (lower) ids tend to rank higher,
 * as in MovieLens.
 */
function moviePopularity(movieCount, random) {
  const order = new Float64Array(movieCount);
  const index = new Int32Array(movieCount);
  for (let i = 0; i < movieCount; i++) {
    order[i] = i / movieCount + 0.6 * random();
    index[i] = i;
  }
  index.sort((a, b) => order[a] - order[b]);
  const K = Math.max(10, (2500 * movieCount) / 59_047);
  const weights = new Float64Array(movieCount);
  for (let rank = 0; rank < movieCount; rank++) {
    weights[index[rank]] = Math.pow(rank + 41, -0.8) * Math.exp(-Math.pow(rank / K, 0.55));
  }
  return weights;
}

/**
 * Ratings per user: at least 20 (or ratings/users when less), the rest log-normal (σ 1.39: the
 * mean is ~2.6 times the median, as in ml-25m), capped, summing to exactly `ratingCount`.
 */
function ratingsPerUser(ratingCount, userCount, movieCount, random) {
  const minimum = Math.min(MIN_RATINGS_PER_USER, Math.floor(ratingCount / userCount));
  const mean = ratingCount / userCount;
  const spread = Math.min(Math.floor(movieCount * 0.55), Math.round(MAX_USER_TO_MEAN * mean));
  // A dense matrix (the mean user rates much of the catalogue): let users go up to all movies.
  const cap = spread >= 2 * mean ? spread : movieCount;
  const counts = new Int32Array(userCount);
  const weights = new Float64Array(userCount);
  let totalWeight = 0;
  for (let u = 0; u < userCount; u++) {
    weights[u] = Math.exp(1.39 * normal(random));
    totalWeight += weights[u];
  }
  const extra = ratingCount - minimum * userCount;
  let sum = 0;
  for (let u = 0; u < userCount; u++) {
    counts[u] = Math.min(cap, minimum + Math.floor((extra * weights[u]) / totalWeight));
    sum += counts[u];
  }
  // The remainder (capping, rounding): shared out in proportion among users with room, then
  // one at a time to random users with room, then a sweep.
  let remainder = ratingCount - sum;
  for (let round = 0; remainder > 0 && round < 100; round++) {
    let free = 0;
    for (let u = 0; u < userCount; u++) if (counts[u] < cap) free += weights[u];
    if (free === 0) break;
    let added = 0;
    for (let u = 0; u < userCount; u++) {
      if (counts[u] >= cap) continue;
      const add = Math.min(cap - counts[u], Math.floor((remainder * weights[u]) / free));
      counts[u] += add;
      added += add;
    }
    remainder -= added;
    if (added === 0) break;
  }
  for (let tries = 0; remainder > 0 && tries < 20 * userCount; tries++) {
    const u = Math.floor(random() * userCount);
    if (counts[u] < cap) {
      counts[u]++;
      remainder--;
    }
  }
  // Only when the caps are tight: fill users up to every movie.
  for (let u = 0; remainder > 0 && u < userCount; u++) {
    const add = Math.min(remainder, movieCount - counts[u]);
    counts[u] += add;
    remainder -= add;
  }
  return counts;
}

/**
 * Every movie gets one rating from a user chosen in proportion to their rating count (so that
 * every movie id appears in ratings.csv, as in MovieLens). Returns the forced movies per user,
 * CSR-style: user u's are movies[start[u] .. start[u + 1]).
 */
function coverage(counts, movieCount, random) {
  const userCount = counts.length;
  const cumulative = new Float64Array(userCount);
  let running = 0;
  for (let u = 0; u < userCount; u++) {
    running += counts[u];
    cumulative[u] = running;
  }
  const owner = new Int32Array(movieCount);
  const forced = new Int32Array(userCount);
  for (let m = 0; m < movieCount; m++) {
    let u;
    do {
      const position = random() * running;
      let lo = 0;
      let hi = userCount - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > position) hi = mid;
        else lo = mid + 1;
      }
      u = lo;
    } while (forced[u] >= counts[u]);
    owner[m] = u;
    forced[u]++;
  }
  const start = new Int32Array(userCount + 1);
  for (let u = 0; u < userCount; u++) start[u + 1] = start[u] + forced[u];
  const fill = start.slice(0, userCount);
  const movies = new Int32Array(movieCount);
  for (let m = 0; m < movieCount; m++) movies[fill[owner[m]]++] = m;
  return { start, movies };
}

// ---------------------------------------------------------------------------------------------
// Output

/** A file written in large chunks, waiting for the stream to drain when its buffer is full. */
class ChunkedWriter {
  constructor(path) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    this.failure = undefined;
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.position = 0;
    this.bytes = 0;
  }

  /** Room for at least `bytes` more; flushes (and waits if the stream is backed up) when not. */
  async reserve(bytes) {
    if (this.position + bytes > this.buffer.length) await this.flush();
  }

  writeAscii(text) {
    this.position += this.buffer.write(text, this.position, 'latin1');
  }

  async flush() {
    if (this.failure) throw this.failure;
    if (this.position === 0) return;
    const full = this.buffer.subarray(0, this.position);
    this.bytes += this.position;
    // The stream keeps `full` until written: the next chunk goes to a fresh buffer.
    this.buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.position = 0;
    if (!this.stream.write(full)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves on 'drain'; rejects on 'error' (removing the other listener either way). */
  drained() {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error) => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}

/** ASCII digits of `value` (a non-negative integer) into `buffer` at `at`; the new position. */
function writeDigits(buffer, at, value) {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let position = at + digits;
  for (let i = position - 1; i >= at; i--) {
    buffer[i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
  return position;
}

const RATING_TEXT = ['0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0'].map((t) =>
  Buffer.from(t, 'latin1'),
);

async function writeMovies(path, ids, random) {
  const out = new ChunkedWriter(path);
  out.writeAscii('movieId,title,genres\n');
  for (let i = 0; i < ids.length; i++) {
    const year = 1902 + Math.floor(Math.pow(random(), 0.45) * 118); // more recent years more often
    const first = Math.floor(random() * GENRES.length);
    let genres = GENRES[first];
    if (random() < 0.5) {
      const second = (first + 1 + Math.floor(random() * (GENRES.length - 1))) % GENRES.length;
      genres = first < second ? `${genres}|${GENRES[second]}` : `${GENRES[second]}|${genres}`;
    }
    await out.reserve(256);
    out.writeAscii(`${ids[i]},Synthetic Movie ${ids[i]} (${year}),${genres}\n`);
  }
  await out.close();
  return out.bytes;
}

async function writeRatings(path, options, movieIds, random, onProgress) {
  const { users: userCount, movies: movieCount } = options;
  const counts = ratingsPerUser(options.ratings, userCount, movieCount, random);
  const forced = coverage(counts, movieCount, random);
  const { prob, alias } = aliasTable(moviePopularity(movieCount, random));

  // Rating model: μ + b_u + b_i + p_u·q_i + noise, rounded to the user's star step, clamped.
  const movieBias = new Float32Array(movieCount);
  const movieTaste = new Float32Array(movieCount * TASTE_DIMENSIONS);
  for (let i = 0; i < movieCount; i++) movieBias[i] = 0.45 * normal(random);
  for (let i = 0; i < movieTaste.length; i++) movieTaste[i] = 0.5 * normal(random);
  const userTaste = new Float32Array(TASTE_DIMENSIONS);

  // Movie id text ("123,") per movie, so rows are copied bytes, not formatted numbers.
  const idText = new Uint8Array(movieCount * 12);
  const idLength = new Uint8Array(movieCount);
  {
    const scratch = Buffer.alloc(16);
    for (let i = 0; i < movieCount; i++) {
      const end = writeDigits(scratch, 0, movieIds[i]);
      scratch[end] = 44; // ','
      idText.set(scratch.subarray(0, end + 1), i * 12);
      idLength[i] = end + 1;
    }
  }

  let maxCount = 0;
  let minCount = Infinity;
  for (let u = 0; u < userCount; u++) {
    maxCount = Math.max(maxCount, counts[u]);
    minCount = Math.min(minCount, counts[u]);
  }
  const chosen = new Int32Array(maxCount);
  const times = new Int32Array(maxCount);
  const seenBy = new Int32Array(movieCount).fill(-1);
  const userPrefix = Buffer.alloc(16);

  const out = new ChunkedWriter(path);
  out.writeAscii('userId,movieId,rating,timestamp\n');
  let rows = 0;
  let nextReport = 0;
  const reportEvery = Math.max(1, Math.floor(userCount / 10));
  for (let u = 0; u < userCount; u++) {
    const count = counts[u];

    // Which movies: the forced ones, then popularity-weighted draws without repeats; if the
    // draws keep hitting seen movies (a user who rates much of the catalogue), the rest
    // uniformly from the movies not yet chosen.
    let n = 0;
    for (let f = forced.start[u]; f < forced.start[u + 1]; f++) {
      const m = forced.movies[f];
      seenBy[m] = u;
      chosen[n++] = m;
    }
    for (let tries = 3 * count + 100; n < count && tries > 0; tries--) {
      const slot = Math.floor(random() * movieCount);
      const m = random() < prob[slot] ? slot : alias[slot];
      if (seenBy[m] !== u) {
        seenBy[m] = u;
        chosen[n++] = m;
      }
    }
    if (n < count) {
      const unseen = [];
      for (let m = 0; m < movieCount; m++) if (seenBy[m] !== u) unseen.push(m);
      for (let k = 0; n < count; k++) {
        const j = k + Math.floor(random() * (unseen.length - k));
        const m = unseen[j];
        unseen[j] = unseen[k];
        seenBy[m] = u;
        chosen[n++] = m;
      }
    }
    const movies = chosen.subarray(0, count);
    movies.sort(); // ascending movie index = ascending movie id

    // When: a first rating anywhere in MovieLens's range, then a span from minutes to years
    // (at least ~10 s per rating).
    const first = MIN_TIMESTAMP + Math.floor(random() * (MAX_TIMESTAMP - MIN_TIMESTAMP));
    const span = Math.min(
      MAX_TIMESTAMP - first,
      Math.max(10 * count, Math.floor(Math.exp(Math.log(60) + random() * 16))),
    );
    const when = times.subarray(0, count);
    for (let k = 0; k < count; k++) when[k] = first + Math.floor(random() * (span + 1));
    when.sort();

    const userBias = 0.4 * normal(random);
    for (let d = 0; d < TASTE_DIMENSIONS; d++) userTaste[d] = 0.5 * normal(random);
    const [t0, t1, t2, t3] = userTaste;
    const prefixLength = writeDigits(userPrefix, 0, u + 1);
    userPrefix[prefixLength] = 44;

    for (let k = 0; k < count; k++) {
      if (out.position + MAX_ROW_BYTES > out.buffer.length) await out.flush();
      const buffer = out.buffer;
      let p = out.position;
      for (let b = 0; b <= prefixLength; b++) buffer[p++] = userPrefix[b];
      const m = movies[k];
      const idAt = m * 12;
      for (let b = 0, len = idLength[m]; b < len; b++) buffer[p++] = idText[idAt + b];
      // Noise ~ N(0, 0.69²), approximated by a sum of four uniforms; the taste match has sd 0.5.
      const noise = (random() + random() + random() + random() - 2) * 1.2;
      const q = m * TASTE_DIMENSIONS;
      const taste = t0 * movieTaste[q] + t1 * movieTaste[q + 1] + t2 * movieTaste[q + 2] + t3 * movieTaste[q + 3];
      const value = 3.53 + userBias + movieBias[m] + taste + noise;
      const t = when[k];
      let step; // index into RATING_TEXT: 0 = 0.5 .. 9 = 5.0
      if (t < HALF_STARS_FROM) step = Math.min(5, Math.max(1, Math.round(value))) * 2 - 1;
      else step = Math.min(10, Math.max(1, Math.round(value * 2))) - 1;
      const text = RATING_TEXT[step];
      buffer[p++] = text[0];
      buffer[p++] = text[1];
      buffer[p++] = text[2];
      buffer[p++] = 44;
      p = writeDigits(buffer, p, t);
      buffer[p++] = 10; // '\n'
      out.position = p;
    }
    rows += count;
    if (u >= nextReport) {
      onProgress(u + 1, rows, out.bytes + out.position);
      nextReport += reportEvery;
    }
  }
  await out.close();
  return { bytes: out.bytes, rows, minPerUser: minCount, maxPerUser: maxCount };
}

// ---------------------------------------------------------------------------------------------

function formatBytes(bytes) {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main() {
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
  const shown = (path) => {
    const rel = relative(USER_CWD, path);
    return rel.startsWith('..') ? path : rel;
  };
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
  (error) => {
    process.stderr.write(`generate-ratings: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
