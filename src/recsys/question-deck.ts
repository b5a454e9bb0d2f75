/**
 * The question deck's mathematics (issue 27): which movies to ask a new person about, and the
 * taste their answers give For you. Pure functions over the ranking model (iALS); the worker's
 * question service and the bench's new-people protocol (bench/new-people-bench.ts) both call
 * these, so the bench scores exactly the list the page shows.
 *
 * What was measured (ml-latest-small, 120 people never trained on, `npm run bench --
 * --new-people`; docs/benchmarks.md's "New people" has the table):
 *
 *   - The first screen is chosen among the most rated movies: with no answer, popularity is the
 *     best guess of what a person has seen, and one shown movie in five is answered. Of those,
 *     the ones whose rating told the most about the people the model knows go first
 *     (opening-questions.ts, which also says what it gained). Spreading the screen across taste
 *     directions or favouring the fold-in's uncertainty (√(qᵀA⁻¹q)) lowered the answers and the
 *     NDCG.
 *   - After an answer, the next screens are the movies the person most likely has seen: the
 *     fold-in's own scores plus MEAN_TASTE_MIX × the mean user's (so the first answers do not
 *     swing the deck to obscure neighbours of one film). An uncertainty bonus, a spread within
 *     the screen, skips as observed zeros, a user-kNN guess of "seen", one card at a time, or
 *     re-ranking the likeliest 15–30 by the opening's one-answer value changed NDCG@10 by less
 *     than the people's noise or lowered it (fewer answers), so the simple rule stays. Nor did a
 *     ridge of its own for choosing (0.03–10 × the training rows', six draws: at most +0.001 at
 *     20 shown, down to −0.012 at 40), nor, after a screen with no answer, the movies most
 *     rated by the trained people weighted by how likely they were to skip that screen too
 *     (each skipped movie they rated halving their weight: −0.013 to +0.001 at 20, seeds 0–3;
 *     the rest of the opening's pool asks better).
 *   - For you itself is the plain fold-in: a popularity prior fading with the answers (match +
 *     γ·c/(n + c) × the mean user's scores) lifted a person who types ten titles (+0.006 to
 *     +0.016, six draws) more than the deck (+0.002 to +0.005) and lowered the deck after 40
 *     shown (−0.003 to −0.006).
 *   - Stars do not change the direction of a fold-in's taste (confidence weights, preference 1):
 *     a low rating as a weaker (0.5) or no (0) or negative (−0.5) preference changed NDCG@10 by
 *     −0.008 to −0.002 after 20 shown and −0.009 to +0.001 after 40 (seed 0), so it stays.
 *   - A person's fold-in uses PERSON_RIDGE_SCALE × the training rows' ridge: a few answers are
 *     all there is of them, and the full ridge (tuned for rows of dozens of ratings) shrank
 *     them toward nothing (+0.013 NDCG@10 at 20 shown, +0.019 at 40).
 *
 * Naming. The limit of any card order is the person's memory: about one shown movie in five is
 * answered, and a fifth of the people had seen none of the first twenty (light raters whose
 * movies are not the most rated ones). For them the deck was popularity while every typed
 * title was an answer; on the people who answered a card the deck was above typing on every draw
 * (seed 0: 0.351 vs 0.340 at 20 shown). So after a screen where the person had seen nothing the
 * deck asks them to name a few movies they have seen, as Netflix asks for three titles, and the
 * cards go on from those ratings. In the bench the person names TITLES_TO_NAME of their
 * remembered half (typed titles' order), each counted as one movie shown, though typing one is
 * more work than glancing at a card. Six draws, NDCG@10 at 20 / 40 shown: cards only 0.295 /
 * 0.350; naming 3: 0.304 / 0.367; 5: 0.312 / 0.370 (1.2 / 3.2 titles named per person); 10:
 * 0.313 / 0.375; typing every title 0.297 / 0.344. Five is where a named title stops buying
 * much more (chosen on these six draws).
 *
 * Skips ("Haven't seen") do not enter the fold-in: a movie the person has not seen is like any
 * movie they have not rated (the α0 term covers it), and it stays a candidate for For you, since
 * an unseen movie that matches their taste is exactly what to recommend.
 */
import type { IalsConfig, IalsModel } from './models/ials';
import { confidence, ialsScores, rowRegularization, rowSystem } from './models/ials';
import { solveSymmetricPositiveDefinite } from './linear-algebra';
import { TopK } from './recommend';

/** A screen of the deck. */
export const DECK_SCREEN = 10;
/**
 * After a screen where the person had seen none of the cards, the deck asks them to name this
 * many movies they have seen (the page's search box); the bench's simulated person names them
 * (question-orders.ts: namedTitles). Five, measured on six draws: see "Naming" above.
 */
export const TITLES_TO_NAME = 5;
/** The share of the training rows' ridge a person's fold-in uses (see above). */
export const PERSON_RIDGE_SCALE = 0.3;
/** How much of the mean user's scores joins the fold-in's when choosing questions. */
export const MEAN_TASTE_MIX = 0.3;

export interface Answer {
  /** Dense movie index. */
  readonly movie: number;
  readonly rating: number;
}

/** A person's taste vector from their ratings, with the movies frozen (one exact k × k solve). */
export function foldInPerson(model: IalsModel, movieGram: Float64Array, answers: readonly Answer[], config: IalsConfig): Float32Array {
  const k = model.factors;
  const entries = answers.map(({ movie, rating }) => ({ column: movie, weight: confidence(rating, model.meanRating) }));
  const ridge = PERSON_RIDGE_SCALE * rowRegularization(config, answers.length, model.movieCount);
  const { a, b } = rowSystem(movieGram, model.movieFactors, k, entries, ridge, config.unobservedWeight);
  return Float32Array.from(solveSymmetricPositiveDefinite(a, b, k));
}

/** The mean taste vector of the trained users (rows left at zero, users the model never fitted, excluded). */
export function meanTaste(model: IalsModel): Float32Array {
  const k = model.factors;
  const sum = new Float64Array(k);
  let users = 0;
  for (let u = 0; u < model.userCount; u++) {
    const row = model.userFactors.subarray(u * k, (u + 1) * k);
    if (row.every((x) => x === 0)) continue;
    users++;
    for (let f = 0; f < k; f++) sum[f]! += row[f]!;
  }
  return Float32Array.from(sum, (x) => (users > 0 ? x / users : 0));
}

/** The ranking model as the deck uses it. */
export interface DeckModel {
  readonly model: IalsModel;
  readonly movieGram: Float64Array;
  readonly config: IalsConfig;
  /** ialsScores(model, meanTaste(model)): computed once per model. */
  readonly meanTasteScores: Float32Array;
}

/** What the deck knows of the dataset: how many ratings each movie has, and which may be asked. */
export interface DeckCatalogue {
  readonly ratingsPerMovie: ArrayLike<number>;
  /** Movies worth asking about (enough ratings to be known; the same rule as the pick lists). */
  readonly askable: (movie: number) => boolean;
}

/**
 * The person's match scores (For you's "Taste match") from their answers, or undefined with
 * none. Computed once per answer and shared with the choice of questions.
 */
export function personMatch(deck: DeckModel, answers: readonly Answer[]): Float32Array | undefined {
  if (answers.length === 0) return undefined;
  return ialsScores(deck.model, foldInPerson(deck.model, deck.movieGram, answers, deck.config));
}

/**
 * The next `count` movies to ask about, none of `excluded` (rated, skipped, on screen): the
 * most rated before any answer or without a ranking model, else the movies this person most
 * likely has seen (match + MEAN_TASTE_MIX × the mean user's). The deck itself asks through
 * opening-questions.ts's deckScreen, which puts the opening screen before the first answer.
 */
export function nextQuestions(
  catalogue: DeckCatalogue,
  deck: DeckModel | undefined,
  match: Float32Array | undefined,
  excluded: ReadonlySet<number>,
  count: number,
): number[] {
  const counts = catalogue.ratingsPerMovie;
  const best = new TopK(count);
  const personal = deck !== undefined && match !== undefined;
  for (let movie = 0; movie < counts.length; movie++) {
    if (excluded.has(movie) || !catalogue.askable(movie)) continue;
    best.offer(movie, personal ? match[movie]! + MEAN_TASTE_MIX * deck.meanTasteScores[movie]! : counts[movie]!);
  }
  return best.sorted();
}
