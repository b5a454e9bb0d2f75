/**
 * The deck's opening screen (issue 27): before a person's first answer, which well-known movies
 * to ask about. Popularity decides whether a card gets answered at all (one shown movie in five
 * is), but two equally known movies do not say equally much about taste: a rating of one moves
 * For you toward what its raters like, a rating of the other toward what everyone likes anyway.
 *
 * So each of the OPENING_POOL most rated movies gets the value one answer on it had for the
 * people the model already knows: the For you list that this single answer gives (its fold-in:
 * one movie, the person's ridge) scored by NDCG@10 on each of its raters' liked movies (4 stars
 * or more), minus what the most rated movies score on the same raters. The opening screen is the
 * ten (a screen) most valuable of the pool, shown most rated first.
 *
 * Measured on ml-latest-small with the bench's protocol and models (`npm run bench --
 * --new-people`, seeds 0–5: six draws of about 120 new people; docs/benchmarks.md's "New
 * people"), against the old opening (the ten most rated), mean NDCG@10 change after 10 / 20 / 40
 * movies shown: a pool of 15 +0.0066 / +0.0051 / +0.0026 (higher on 5, 6 and 5 draws of six);
 * 20: +0.0008 / +0.0097 / +0.0033; 30: −0.0014 / +0.0097 / +0.0017. A larger pool finds more
 * telling movies but fewer people have seen them (after 10 shown, 30's pool answered 1.8 movies
 * to popularity's 2.2); 15 is the one that gains at every depth, and the first screen is where
 * the deck is otherwise the same as asking by popularity. Chosen on these six draws.
 *
 * A rating of one movie gives a fold-in along A₀⁻¹q whatever the stars (the rating scales the
 * vector, not its direction), so one list per movie is enough, and one pass over the ratings
 * scores every list of the pool on every rater.
 */
import { groupByRow } from './compressed-rows';
import type { RatingColumns } from './dataset';
import { choleskyLower, solveLower, solveLowerTransposed } from './linear-algebra';
import { ialsScores, rowRegularization, rowSystem } from './models/ials';
import { nextQuestions, PERSON_RIDGE_SCALE, type DeckCatalogue, type DeckModel } from './question-deck';
import { dcgDiscounts, RELEVANT_RATING } from './ranking-metrics';
import { TopK, topN } from './recommend';

/** How many of the most rated movies the opening screen is chosen from: a screen and a half
 * (the ten most valuable of the fifteen most rated; see above for 20 and 30). */
export const OPENING_POOL = 15;
const LIST = 10;
/** NDCG@10 as ranking-metrics.ts defines it. */
const { discount, idealDcg } = dcgDiscounts(LIST);

/** The pool, most rated first: the OPENING_POOL most rated askable movies. */
export function openingPool(catalogue: DeckCatalogue): number[] {
  return mostRated(catalogue, new Set(), OPENING_POOL);
}

/**
 * The value of one answer on each movie of `pool` (same order): the mean over the movie's raters
 * of NDCG@10 of the one-answer For you list minus NDCG@10 of the most rated list, both leaving
 * the movie out, on the rater's other liked movies. `ratings` are the known people's.
 */
export function openingValues(
  deck: DeckModel,
  catalogue: DeckCatalogue,
  ratings: RatingColumns,
  userCount: number,
  pool: readonly number[],
): Float64Array {
  const { model, config } = deck;
  const k = model.factors;
  // Every list the pool needs: its one-answer list (+) and the most rated without it (−).
  const ridge = PERSON_RIDGE_SCALE * rowRegularization(config, 1, model.movieCount);
  const lower = choleskyLower(rowSystem(deck.movieGram, model.movieFactors, k, [], ridge, config.unobservedWeight).a, k);
  const popular = mostRated(catalogue, new Set(), LIST + 1);
  // Every (pool slot, discount) each movie is listed with, flat, then indexed by movie.
  const entries: { movie: number; slot: number; gain: number }[] = [];
  pool.forEach((movie, slot) => {
    const q = model.movieFactors.subarray(movie * k, (movie + 1) * k);
    const direction = solveLowerTransposed(lower, solveLower(lower, q, k), k);
    oneAnswerList(catalogue, ialsScores(model, direction), movie).forEach((m, rank) =>
      entries.push({ movie: m, slot, gain: discount[rank]! }),
    );
    popular
      .filter((m) => m !== movie)
      .slice(0, LIST)
      .forEach((m, rank) => entries.push({ movie: m, slot, gain: -discount[rank]! }));
  });
  // Typed arrays, not Maps, in the pass below: it reads every rating (ml-25m: 25 M), and Map
  // lookups there made the opening 1.4 s at that size (npx tsx bench/fold-in-bench.ts).
  const listed = byMovie(entries, model.movieCount);
  const slotOf = new Int32Array(model.movieCount).fill(-1);
  pool.forEach((movie, slot) => (slotOf[movie] = slot));

  // One pass: each person's liked count, each list's discounted hits on each person, the raters.
  const likedCount = new Int32Array(userCount);
  const hits = new Float32Array(pool.length * userCount);
  const raters = pool.map(() => [] as number[]);
  const likedByRater = pool.map(() => [] as boolean[]);
  for (let j = 0; j < ratings.rating.length; j++) {
    const user = ratings.user[j]!;
    const movie = ratings.movie[j]!;
    const liked = ratings.rating[j]! >= RELEVANT_RATING;
    if (liked) {
      likedCount[user]!++;
      for (let e = listed.offsets[movie]!; e < listed.offsets[movie + 1]!; e++)
        hits[listed.slots[e]! * userCount + user]! += listed.gains[e]!;
    }
    const slot = slotOf[movie]!;
    if (slot >= 0) {
      raters[slot]!.push(user);
      likedByRater[slot]!.push(liked);
    }
  }
  return Float64Array.from(pool, (_, slot) => {
    let sum = 0;
    let people = 0;
    raters[slot]!.forEach((user, at) => {
      const relevant = Math.min(LIST, likedCount[user]! - (likedByRater[slot]![at]! ? 1 : 0));
      if (relevant <= 0) return;
      sum += hits[slot * userCount + user]! / idealDcg[relevant]!;
      people++;
    });
    return people > 0 ? sum / people : 0;
  });
}

/**
 * The opening screen: the `count` most valuable of the pool not `excluded`, most rated first
 * (topped up with the next most rated once the pool is used up).
 */
export function openingScreen(
  catalogue: DeckCatalogue,
  pool: readonly number[],
  values: ArrayLike<number>,
  excluded: ReadonlySet<number>,
  count: number,
): number[] {
  const best = new TopK(count);
  pool.forEach((movie, slot) => {
    if (!excluded.has(movie)) best.offer(movie, values[slot]!);
  });
  const chosen = best.sorted();
  if (chosen.length < count) chosen.push(...mostRated(catalogue, new Set([...pool, ...excluded]), count - chosen.length));
  const counts = catalogue.ratingsPerMovie;
  return chosen.sort((a, b) => counts[b]! - counts[a]! || a - b);
}

/** The entries grouped by movie (compressed rows): movie m's are offsets[m] .. offsets[m + 1] − 1. */
function byMovie(entries: readonly { movie: number; slot: number; gain: number }[], movieCount: number) {
  const slots = new Int32Array(entries.length);
  const gains = new Float64Array(entries.length);
  const offsets = groupByRow(
    Int32Array.from(entries, (e) => e.movie),
    movieCount,
    (at, e) => {
      slots[at] = entries[e]!.slot;
      gains[at] = entries[e]!.gain;
    },
  );
  return { offsets, slots, gains };
}

/** The most rated askable movies, none of `excluded` (the deck's popularity order). */
function mostRated(catalogue: DeckCatalogue, excluded: ReadonlySet<number>, count: number): number[] {
  return nextQuestions(catalogue, undefined, undefined, excluded, count);
}

/** For you's ten after one answer on `answered`: the best `scores` among askable movies (as For you lists them). */
function oneAnswerList(catalogue: DeckCatalogue, scores: Float32Array, answered: number): number[] {
  return topN(scores, LIST, [answered], catalogue.askable).map(({ movie }) => movie);
}

/** The opening's pool and each one's value: computed once per ranking model and dataset. */
export interface Opening {
  readonly pool: readonly number[];
  readonly values: ArrayLike<number>;
}

export function openingOf(deck: DeckModel, catalogue: DeckCatalogue, ratings: RatingColumns, userCount: number): Opening {
  const pool = openingPool(catalogue);
  return { pool, values: openingValues(deck, catalogue, ratings, userCount, pool) };
}

/**
 * The deck's next `count` movies, none of `excluded`: with a ranking model and no answer yet the
 * opening screen, else nextQuestions (the person's fold-in, or popularity without a model).
 */
export function deckScreen(
  catalogue: DeckCatalogue,
  deck: DeckModel | undefined,
  opening: Opening | undefined,
  match: Float32Array | undefined,
  excluded: ReadonlySet<number>,
  count: number,
): number[] {
  if (deck !== undefined && match === undefined && opening !== undefined)
    return openingScreen(catalogue, opening.pool, opening.values, excluded, count);
  return nextQuestions(catalogue, deck, match, excluded, count);
}
