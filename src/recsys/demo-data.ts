import { mulberry32, randomInt, randomNormal, type RandomSource } from './random';
import { topN } from './recommend';
import { MOVIELENS_GENRES } from './movie-genres';

/**
 * A synthetic, MovieLens-shaped dataset with planted taste structure, fully determined by its
 * seed. Each genre has a direction in a small "taste space"; a movie's position is the mean of
 * its genres' directions plus its own twist; a person likes some genres and dislikes others.
 *
 *   r_ui = round_half( μ + b_u + b_i + s · p_uᵀq_i + ε ),  ε ~ N(0, noise²), clipped to 0.5..5
 *
 * Which movies a person rates is chosen by taste, as in real data, not by popularity alone:
 *
 *   key_ui = 1.5 · log popularity_i + 6 · h_uᵀq_i + 0.6 · p_uᵀq_i + Gumbel,  the n_u highest rated
 *
 * where h_u are the two genres the person follows (what they watch: habit, friends, what is on),
 * drawn apart from the taste p_u that sets their ratings, so they also sit through some films of
 * those genres they then rate low. Popular movies are still rated most. Who rated what thus
 * carries a signal of its own, as on MovieLens: a ranking model trained on it (iALS) clearly beats
 * a most-rated list. And because a large part of the rating variance is taste (p_uᵀq_i), a trained
 * MF model clearly beats the bias-only baseline. The demo is meant to show both.
 */
export interface DemoDataOptions {
  readonly seed?: number;
  readonly userCount?: number;
  readonly movieCount?: number;
  /** Mean number of ratings per user. */
  readonly meanRatingsPerUser?: number;
  readonly noise?: number;
}

export interface DemoCsvFiles {
  readonly moviesCsv: string;
  readonly ratingsCsv: string;
}

export const DEMO_GENRES = MOVIELENS_GENRES;

const ADJECTIVES = [
  'Silent',
  'Crimson',
  'Last',
  'Hidden',
  'Broken',
  'Golden',
  'Endless',
  'Wild',
  'Frozen',
  'Secret',
  'Burning',
  'Lonely',
  'Electric',
  'Midnight',
  'Iron',
  'Velvet',
  'Savage',
  'Distant',
  'Hollow',
  'Bright',
  'Forgotten',
  'Restless',
  'Scarlet',
  'Quiet',
  'Northern',
  'Little',
  'Dark',
  'Lucky',
];
const NOUNS = [
  'Harbor',
  'Kingdom',
  'Summer',
  'Garden',
  'River',
  'Empire',
  'Promise',
  'Shadow',
  'Station',
  'Horizon',
  'Frontier',
  'Orchard',
  'Circus',
  'Voyage',
  'Island',
  'Detective',
  'Machine',
  'Letter',
  'Carnival',
  'Mountain',
  'Witness',
  'Stranger',
  'Lighthouse',
  'Canyon',
  'Dream',
  'Heist',
  'Bridge',
  'Winter',
  'Planet',
  'Ballad',
  'Mirror',
  'Ghost',
  'Castle',
  'Desert',
  'Signal',
  'Compass',
];
const NAMES = ['Clara', 'Marlowe', 'Ada', 'Jonah', 'Rosa', 'Felix', 'Ines', 'Otto', 'Mabel', 'Hugo', 'Nadia', 'Theo'];

const TASTE_DIMENSIONS = 8;

/** One of `items` (never empty here: the word lists above). */
function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[randomInt(random, items.length)]!;
}

function makeTitle(random: RandomSource): string {
  switch (randomInt(random, 6)) {
    case 0:
      // MovieLens moves a leading article to the end: "Silent Harbor, The".
      return `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}, The`;
    case 1:
      return `${pick(random, NOUNS)} of the ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`;
    case 2:
      return `${pick(random, NAMES)}'s ${pick(random, NOUNS)}`;
    case 3:
      // A comma inside the title makes the CSV quote it, as real MovieLens files do.
      return `${pick(random, NOUNS)}, ${pick(random, NOUNS)} and ${pick(random, NOUNS)}`;
    case 4:
      return `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`;
    default:
      return `${pick(random, NOUNS)}`;
  }
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function unitVector(random: RandomSource, dims: number): Float64Array {
  const v = new Float64Array(dims);
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    const x = randomNormal(random);
    v[d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (let d = 0; d < dims; d++) v[d]! /= norm;
  return v;
}

export function generateDemoCsv({
  seed = 42,
  userCount = 400,
  movieCount = 1000,
  meanRatingsPerUser = 60,
  noise = 0.45,
}: DemoDataOptions = {}): DemoCsvFiles {
  const random = mulberry32(seed);
  const genreDirections = DEMO_GENRES.map(() => unitVector(random, TASTE_DIMENSIONS));

  // Movies: genres, year, quality, popularity and a position in taste space.
  const movieVectors: Float64Array[] = [];
  const movieBias = new Float64Array(movieCount);
  const popularity = new Float64Array(movieCount);
  const usedTitles = new Set<string>();
  const movieLines = ['movieId,title,genres'];
  for (let i = 0; i < movieCount; i++) {
    const genreCount = 1 + randomInt(random, 3);
    const genres = new Set<number>();
    while (genres.size < genreCount) genres.add(randomInt(random, DEMO_GENRES.length));
    const vector = new Float64Array(TASTE_DIMENSIONS);
    for (const g of genres) {
      const direction = genreDirections[g]!;
      for (let d = 0; d < TASTE_DIMENSIONS; d++) vector[d]! += direction[d]! / genres.size;
    }
    for (let d = 0; d < TASTE_DIMENSIONS; d++) vector[d]! += 0.15 * randomNormal(random);
    movieVectors.push(vector);
    movieBias[i] = 0.45 * randomNormal(random);
    // Zipf-like popularity: a few hits, a long tail.
    popularity[i] = 1 / Math.pow(1 + i * 0.9 + randomInt(random, 40), 0.8);

    const year = 1950 + Math.floor(Math.pow(random(), 0.6) * 71);
    let title = `${makeTitle(random)} (${year})`;
    for (let sequel = 2; usedTitles.has(title); sequel++) title = title.replace(/( \d+)? \(\d{4}\)$/, ` ${sequel} (${year})`);
    usedTitles.add(title);
    const genreText = [...genres]
      .sort((a, b) => a - b)
      .map((g) => DEMO_GENRES[g]!)
      .join('|');
    // Raw ids are sparse, like MovieLens's, so nothing can confuse them with dense indices.
    movieLines.push(`${movieIdOf(i)},${csvField(title)},${genreText}`);
  }

  const ratingLines = ['userId,movieId,rating,timestamp'];
  const tasteScale = 1.6;
  const globalMean = 3.5;
  const keys = new Float64Array(movieCount);
  for (let u = 0; u < userCount; u++) {
    // A person loves two or three genres and dislikes one.
    const taste = new Float64Array(TASTE_DIMENSIONS);
    const loved = 2 + randomInt(random, 2);
    for (let k = 0; k < loved; k++) {
      const g = pick(random, genreDirections);
      for (let d = 0; d < TASTE_DIMENSIONS; d++) taste[d]! += g[d]!;
    }
    const disliked = pick(random, genreDirections);
    for (let d = 0; d < TASTE_DIMENSIONS; d++) taste[d]! -= disliked[d]!;
    for (let d = 0; d < TASTE_DIMENSIONS; d++) taste[d] = taste[d]! / Math.sqrt(loved + 1) + 0.15 * randomNormal(random);
    const userBias = 0.35 * randomNormal(random);
    // The two genres this person follows, apart from what they like (see the top of the file).
    const interest = new Float64Array(TASTE_DIMENSIONS);
    for (let k = 0; k < 2; k++) {
      const g = pick(random, genreDirections);
      for (let d = 0; d < TASTE_DIMENSIONS; d++) interest[d]! += g[d]! / Math.SQRT2;
    }
    for (let d = 0; d < TASTE_DIMENSIONS; d++) interest[d]! += 0.15 * randomNormal(random);

    // How many ratings: at least 15 (MovieLens keeps users with 20+), skewed like real activity.
    const count = Math.min(movieCount, 15 + Math.round(-Math.log(1 - random()) * (meanRatingsPerUser - 15)));
    // Which movies: popular ones, ones of the genres this person follows and ones they expect to
    // like (Gumbel top-k sampling). The genres followed would flatten the popularity curve; the
    // weight 1.5 on it keeps the hits about as dominant (the top tenth of the movies gets about
    // a third of the ratings).
    const affinity = new Float64Array(movieCount);
    for (let i = 0; i < movieCount; i++) {
      const movieVector = movieVectors[i]!;
      let dot = 0;
      let followed = 0;
      for (let d = 0; d < TASTE_DIMENSIONS; d++) {
        dot += taste[d]! * movieVector[d]!;
        followed += interest[d]! * movieVector[d]!;
      }
      affinity[i] = dot;
      const gumbel = -Math.log(-Math.log(1 - random() * 0.999999));
      keys[i] = 1.5 * Math.log(popularity[i]!) + 6 * followed + 0.6 * dot + gumbel;
    }
    // The `count` highest keys, highest first (ties to the lower index, as a stable sort gives).
    const chosen = topN(keys, count, []);
    let time = 946684800 + randomInt(random, 600_000_000); // 2000 to 2019
    for (const { movie: i } of chosen) {
      const raw = globalMean + userBias + movieBias[i]! + tasteScale * affinity[i]! + noise * randomNormal(random);
      const rating = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2));
      time += 1 + randomInt(random, 5000);
      ratingLines.push(`${u + 1},${movieIdOf(i)},${rating.toFixed(1)},${time}`);
    }
  }
  return { moviesCsv: movieLines.join('\n') + '\n', ratingsCsv: ratingLines.join('\n') + '\n' };
}

/** MovieLens-like sparse movie ids: 1, 2, 3, … then gaps. */
function movieIdOf(index: number): number {
  return index < 100 ? index + 1 : 100 + (index - 99) * 3;
}
