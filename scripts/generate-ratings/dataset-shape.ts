/**
 * The dataset's shape, before any rating is written: which movie ids exist, how popular each
 * movie is, how many ratings each user gives, and which user gives each movie its first rating.
 */
import { randomInt, randomNormal, type RandomSource } from '../../src/recsys/random';
import { MAX_USER_TO_MEAN, MIN_RATINGS_PER_USER } from './ml-25m';

/** `count` distinct sorted ids in 1..max (1 and max included), by selection sampling. */
export function sparseIds(count: number, max: number, random: RandomSource): Int32Array {
  const ids = new Int32Array(count);
  if (count >= max) {
    for (let i = 0; i < count; i++) ids[i] = i + 1;
    return ids;
  }
  let n = 0;
  if (count >= 1) ids[n++] = 1;
  let needed = Math.max(0, count - 2);
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
export function moviePopularity(movieCount: number, random: RandomSource): Float64Array {
  const order = new Float64Array(movieCount);
  const index = new Int32Array(movieCount);
  for (let i = 0; i < movieCount; i++) {
    order[i] = i / movieCount + 0.6 * random();
    index[i] = i;
  }
  index.sort((a, b) => order[a]! - order[b]!);
  const K = Math.max(10, (2500 * movieCount) / 59_047);
  const weights = new Float64Array(movieCount);
  for (let rank = 0; rank < movieCount; rank++) {
    weights[index[rank]!] = Math.pow(rank + 41, -0.8) * Math.exp(-Math.pow(rank / K, 0.55));
  }
  return weights;
}

/**
 * Ratings per user: at least 20 (or ratings/users when less), the rest log-normal (σ 1.39: the
 * mean is ~2.6 times the median, as in ml-25m), capped, summing to exactly `ratingCount`.
 */
export function ratingsPerUser(ratingCount: number, userCount: number, movieCount: number, random: RandomSource): Int32Array {
  const minimum = Math.min(MIN_RATINGS_PER_USER, Math.floor(ratingCount / userCount));
  const mean = ratingCount / userCount;
  const spread = Math.min(Math.floor(movieCount * 0.55), Math.round(MAX_USER_TO_MEAN * mean));
  // A dense matrix (the mean user rates much of the catalogue): let users go up to all movies.
  const cap = spread >= 2 * mean ? spread : movieCount;
  const counts = new Int32Array(userCount);
  const weights = new Float64Array(userCount);
  let totalWeight = 0;
  for (let u = 0; u < userCount; u++) {
    const weight = Math.exp(1.39 * randomNormal(random));
    weights[u] = weight;
    totalWeight += weight;
  }
  const extra = ratingCount - minimum * userCount;
  let sum = 0;
  for (let u = 0; u < userCount; u++) {
    const count = Math.min(cap, minimum + Math.floor((extra * weights[u]!) / totalWeight));
    counts[u] = count;
    sum += count;
  }
  // The remainder (capping, rounding): shared out in proportion among users with room, then
  // one at a time to random users with room, then a sweep.
  let remainder = ratingCount - sum;
  for (let round = 0; remainder > 0 && round < 100; round++) {
    let free = 0;
    for (let u = 0; u < userCount; u++) if (counts[u]! < cap) free += weights[u]!;
    if (free === 0) break;
    let added = 0;
    for (let u = 0; u < userCount; u++) {
      const count = counts[u]!;
      if (count >= cap) continue;
      const add = Math.min(cap - count, Math.floor((remainder * weights[u]!) / free));
      counts[u] = count + add;
      added += add;
    }
    remainder -= added;
    if (added === 0) break;
  }
  for (let tries = 0; remainder > 0 && tries < 20 * userCount; tries++) {
    const u = randomInt(random, userCount);
    if (counts[u]! < cap) {
      counts[u]!++;
      remainder--;
    }
  }
  // Only when the caps are tight: fill users up to every movie.
  for (let u = 0; remainder > 0 && u < userCount; u++) {
    const add = Math.min(remainder, movieCount - counts[u]!);
    counts[u]! += add;
    remainder -= add;
  }
  return counts;
}

/** Forced movies per user, CSR-style: user u's are `movies[start[u] .. start[u + 1])`. */
export interface Coverage {
  start: Int32Array;
  movies: Int32Array;
}

/**
 * Every movie gets one rating from a user chosen in proportion to their rating count (so that
 * every movie id appears in ratings.csv, as in MovieLens); no user is given more than `counts[u]`.
 */
export function coverage(counts: Int32Array, movieCount: number, random: RandomSource): Coverage {
  const userCount = counts.length;
  const cumulative = new Float64Array(userCount);
  let running = 0;
  for (let u = 0; u < userCount; u++) {
    running += counts[u]!;
    cumulative[u] = running;
  }
  const owner = new Int32Array(movieCount);
  const forced = new Int32Array(userCount);
  for (let m = 0; m < movieCount; m++) {
    let u: number;
    do {
      const position = random() * running;
      let lo = 0;
      let hi = userCount - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > position) hi = mid;
        else lo = mid + 1;
      }
      u = lo;
    } while (forced[u]! >= counts[u]!);
    owner[m] = u;
    forced[u]!++;
  }
  const start = new Int32Array(userCount + 1);
  for (let u = 0; u < userCount; u++) start[u + 1] = start[u]! + forced[u]!;
  const fill = start.slice(0, userCount);
  const movies = new Int32Array(movieCount);
  for (let m = 0; m < movieCount; m++) movies[fill[owner[m]!]!++] = m;
  return { start, movies };
}
