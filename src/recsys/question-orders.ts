/**
 * The question orders the new-people protocol (new-people.ts) compares, and the simulation of a
 * person meeting one. The app's own, adaptive order comes next (issue 27); these are the
 * yardsticks it must beat, as Rashid et al. (IUI 2002) measured them on MovieLens:
 *
 *   - popularity: the most rated movies first;
 *   - log-popularity × entropy: log(1 + n_i) × H(ratings of i), movies both known and divisive;
 *   - typed titles: the person thinks of S titles they remember (today's search box), every one
 *     answered; a seeded random order of their remembered half. The deck asks for a few of these
 *     too, after a screen where the person had seen nothing (namedTitles).
 */
import type { RatingColumns } from './dataset';
import { ialsScores, foldInIals, type IalsConfig, type IalsModel } from './models/ials';
import { answersTo, type NewPerson, type Rated } from './new-people';
import { mulberry32, permutation } from './random';

/** Movie indices, most rated first (ties: lower index first). */
export function popularityOrder(counts: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
}

/** log(1 + n_i) × the entropy (bits) of movie i's rating histogram in `train`. */
export function logPopularityEntropy(train: RatingColumns, movieCount: number): Float64Array {
  const histograms = new Map<number, Float64Array>();
  const counts = new Float64Array(movieCount);
  const values = [...new Set(train.rating)].sort((a, b) => a - b);
  const slot = new Map(values.map((v, i) => [v, i]));
  for (let j = 0; j < train.rating.length; j++) {
    const movie = train.movie[j]!;
    let histogram = histograms.get(movie);
    if (!histogram) histograms.set(movie, (histogram = new Float64Array(values.length)));
    histogram[slot.get(train.rating[j]!)!]!++;
    counts[movie]!++;
  }
  const scores = new Float64Array(movieCount);
  for (const [movie, histogram] of histograms) {
    const n = counts[movie]!;
    let entropy = 0;
    for (const c of histogram) if (c > 0) entropy -= (c / n) * Math.log2(c / n);
    scores[movie] = Math.log1p(n) * entropy;
  }
  return scores;
}

/** Movie indices by a score, highest first (ties: lower index first). */
export function orderBy(scores: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The titles a person would type, in a seeded random order of what they remember. */
export function typedTitles(person: NewPerson, seed: number): number[] {
  const remembered = [...person.remembered.keys()].sort((a, b) => a - b);
  const order = permutation(remembered.length, mulberry32((seed ^ Math.imul(person.user + 1, 0x9e3779b1)) >>> 0));
  return Array.from(order, (k) => remembered[k]!);
}

/**
 * The titles a person names when the deck asks them to (a screen of cards where they had seen
 * none): the next `count` of typedTitles's order that they have not been shown yet.
 */
export function namedTitles(person: NewPerson, seed: number, shown: readonly number[], count: number): number[] {
  const already = new Set(shown);
  return typedTitles(person, seed)
    .filter((movie) => !already.has(movie))
    .slice(0, count);
}

/** What a person is shown next, given what they answered so far: a screen of cards, or titles
 * they name themselves. */
export interface NextShown {
  readonly movies: number[];
  readonly named: boolean;
}

/**
 * The deck as the page runs it, met by a simulated person: screens from `cards`, and after a
 * screen where the person had seen none, the `count` titles the page then asks them to name
 * (namedTitles; cards again once they remember no more). Stateful: one per person.
 */
export function deckWithNaming(
  person: NewPerson,
  seed: number,
  count: number,
  cards: (answers: readonly Rated[], shown: readonly number[]) => number[],
): (answers: readonly Rated[], shown: readonly number[]) => NextShown {
  let lastCards: number[] | undefined;
  return (answers, shown) => {
    if (lastCards !== undefined && answersTo(person, lastCards).length === 0) {
      lastCards = undefined;
      const named = namedTitles(person, seed, shown, count);
      if (named.length > 0) return { movies: named, named: true };
    }
    lastCards = cards(answers, shown);
    return { movies: lastCards, named: false };
  };
}

/** The answers after each count of movies shown in a fixed order: answers[s] for shownCounts[s]. */
export function answersAlong(person: NewPerson, order: ArrayLike<number>, shownCounts: readonly number[]): Rated[][] {
  return shownCounts.map((shown) =>
    answersTo(
      person,
      Array.from({ length: Math.min(shown, order.length) }, (_, i) => order[i]!),
    ),
  );
}

/**
 * A person's scores from their answers: their ratings folded into the ranking model (one exact
 * k × k solve, as For you does), or, before any answer, `fallback` (popularity).
 */
export function scoresFromAnswers(
  model: IalsModel,
  movieGram: Float64Array,
  config: IalsConfig,
  answers: readonly Rated[],
  fallback: Float32Array,
): Float32Array {
  if (answers.length === 0) return fallback;
  return ialsScores(model, foldInIals(model, movieGram, answers, config));
}
