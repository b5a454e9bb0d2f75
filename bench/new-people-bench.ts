/**
 * The new-people protocol of `npm run bench -- --new-people` (issue 27; src/recsys/new-people.ts
 * says what it is): For you for people the model never saw, after each question order has shown
 * them 0, 5, 10, 20 and 40 movies. Runs in Node on the CPU engine, which is the engine the app
 * picks on a software GPU and gives the same model as its threads, bit for bit.
 *
 * Every order is scored on the same people, with exactly the app's For you: the person's ratings
 * folded in (recsys/question-deck.ts: foldInPerson), the top 10 by taste match among movies
 * with enough ratings (pick-filter.ts's rule), the answered movies left out. Before any answer
 * For you is popularity for every order alike.
 *
 * `app` is the deck as the page runs it: screens of cards, and after a screen where the person
 * had seen none, the TITLES_TO_NAME titles the page then asks them to name (each counted as a
 * movie shown; `named` says how many). `appCardsOnly` is the same person pressing More movies
 * instead: cards only.
 */
import { trainRanker } from '../src/recsys/train-ranker';
import type { RatingColumns } from '../src/recsys/dataset';
import { gramMatrix, ialsScores, type IalsConfig } from '../src/recsys/models/ials';
import { answersTo, scoreNewPeople, splitNewPeople, type NewPerson, type Rated } from '../src/recsys/new-people';
import { minimumRatingsFor } from '../src/recsys/personal';
import { deckScreen, openingOf } from '../src/recsys/opening-questions';
import { DECK_SCREEN, meanTaste, personMatch, TITLES_TO_NAME, type DeckCatalogue, type DeckModel } from '../src/recsys/question-deck';
import { deckWithNaming, logPopularityEntropy, orderBy, popularityOrder, typedTitles, type NextShown } from '../src/recsys/question-orders';
import { popularityScores, type RankingMetrics } from '../src/recsys/ranking-metrics';

export const SHOWN = [0, 5, 10, 20, 40] as const;
export const ORDER_NAMES = ['app', 'appCardsOnly', 'popularity', 'logPopularityEntropy', 'typedTitles'] as const;
type OrderName = (typeof ORDER_NAMES)[number];

export interface OrderReport {
  /** One per entry of `shown`. */
  readonly ndcgAt10: number[];
  readonly precisionAt10: number[];
  readonly recallAt10: number[];
  /** Mean movies answered (rated) per person. */
  readonly answered: number[];
  /** NDCG@10 had For you also left out every movie shown and answered "Haven't seen": how much
   * of the figure comes from listing movies the person skipped (a skipped movie can be in their
   * test half: they rated it but did not remember it). */
  readonly ndcgAt10ShownLeftOut: number[];
  /** Mean titles the person named (typed) of the movies shown: the app's, after a screen of
   * cards where they had seen none; typedTitles' are all typed. */
  readonly named: number[];
}

export interface NewPeopleReport {
  readonly share: number;
  readonly seed: number;
  /** New people with at least one relevant held-out rating (those scored). */
  readonly people: number;
  readonly shown: readonly number[];
  /** Everything each person remembers, folded in. */
  readonly ceiling: { readonly ndcgAt10: number; readonly precisionAt10: number; readonly recallAt10: number };
  readonly orders: Record<OrderName, OrderReport>;
  readonly trainingSeconds: number;
  readonly seconds: number;
}

/** Which movies a person is shown next, given what they answered so far. One per person (the
 * app's remembers its last screen of cards). */
type Asker = (answers: readonly Rated[], shown: readonly number[]) => NextShown;

export async function measureNewPeople(
  ratings: RatingColumns,
  shape: { readonly userCount: number; readonly movieCount: number },
  config: IalsConfig,
  {
    share = 0.2,
    seed = 0,
    log = (line: string) => console.log(line),
  }: { share?: number; seed?: number; log?: (line: string) => void } = {},
): Promise<NewPeopleReport> {
  const started = performance.now();
  const split = splitNewPeople(ratings, shape.userCount, share, seed);
  log(`new people: ${split.people.length} of ${shape.userCount} users (${split.train.rating.length} ratings left to train on)`);
  const { model } = await trainRanker(split.train, shape, config, undefined);
  const trainingSeconds = (performance.now() - started) / 1000;
  log(`new people: ranking model trained without them in ${trainingSeconds.toFixed(1)} s`);
  const movieCount = shape.movieCount;
  const deck: DeckModel = {
    model,
    movieGram: gramMatrix(model.movieFactors, movieCount, model.factors),
    config,
    meanTasteScores: ialsScores(model, meanTaste(model)),
  };
  // The catalogue as the app would hold it: the training ratings' counts (new people are not in them).
  const counts = popularityScores(split.train, movieCount);
  const minimumRatings = minimumRatingsFor(counts);
  const catalogue: DeckCatalogue = { ratingsPerMovie: counts, askable: (movie) => counts[movie]! >= minimumRatings };
  const people = split.people;
  // The opening screen's values, from the known people only (as the app computes them from its dataset).
  const opening = openingOf(deck, catalogue, split.train, shape.userCount);

  const byPopularity = popularityOrder(counts);
  const byEntropy = orderBy(logPopularityEntropy(split.train, movieCount));
  const fixedOrder =
    (order: (person: NewPerson) => ArrayLike<number>, named = false) =>
    (person: NewPerson): Asker =>
    (_answers, shown) => ({ movies: Array.from(order(person)).slice(shown.length, shown.length + DECK_SCREEN), named });
  const cards = (answers: readonly Rated[], shown: readonly number[]) =>
    deckScreen(catalogue, deck, opening, personMatch(deck, answers), new Set(shown), DECK_SCREEN);
  const askers: Record<OrderName, (person: NewPerson) => Asker> = {
    // The deck as the page runs it: after a screen of cards where the person had seen none, the
    // page asks them to name TITLES_TO_NAME movies they have seen, and they do.
    app: (person) => deckWithNaming(person, seed, TITLES_TO_NAME, cards),
    appCardsOnly: () => (answers, shown) => ({ movies: cards(answers, shown), named: false }),
    popularity: fixedOrder(() => byPopularity),
    logPopularityEntropy: fixedOrder(() => byEntropy),
    typedTitles: fixedOrder((person) => typedTitles(person, seed), true),
  };

  /** For you's scores for these answers: NaN where a movie may not be listed. */
  const forYou = (answers: readonly Rated[], leftOut: readonly number[] = []): Float32Array => {
    const match = personMatch(deck, answers);
    const scores = Float32Array.from(match ?? counts);
    for (let movie = 0; movie < movieCount; movie++) if (!catalogue.askable(movie)) scores[movie] = NaN;
    for (const movie of leftOut) scores[movie] = NaN;
    return scores;
  };
  const score = (answers: readonly (readonly Rated[])[], leftOut?: readonly (readonly number[])[]): RankingMetrics =>
    scoreNewPeople(people, answers, movieCount, (i) => forYou(answers[i]!, leftOut?.[i]));

  const orders = {} as Record<OrderName, OrderReport>;
  for (const name of ORDER_NAMES) {
    const orderStarted = performance.now();
    // shownAt[s][i]: what person i had been shown after SHOWN[s] movies; namedAt[s][i]: how
    // many of those they named themselves.
    const shownAt = SHOWN.map(() => [] as number[][]);
    const namedAt = SHOWN.map(() => [] as number[]);
    for (const person of people) {
      const ask = askers[name](person);
      const shown: number[] = [];
      const named = new Set<number>();
      let answers: Rated[] = [];
      SHOWN.forEach((target, s) => {
        while (shown.length < target) {
          // A screen is chosen from the answers to the screens before it, and answered whole.
          const next = ask(answers, shown);
          if (next.movies.length === 0) break;
          shown.push(...next.movies);
          if (next.named) next.movies.forEach((movie) => named.add(movie));
          answers = answersTo(person, shown);
        }
        const upTo = shown.slice(0, target);
        shownAt[s]!.push(upTo);
        namedAt[s]!.push(upTo.filter((movie) => named.has(movie)).length);
      });
    }
    const report: OrderReport = { ndcgAt10: [], precisionAt10: [], recallAt10: [], answered: [], ndcgAt10ShownLeftOut: [], named: [] };
    SHOWN.forEach((_, s) => {
      const answers = shownAt[s]!.map((shown, i) => answersTo(people[i]!, shown));
      const metrics = score(answers);
      report.ndcgAt10.push(round(metrics.ndcgAtK));
      report.precisionAt10.push(round(metrics.precisionAtK));
      report.recallAt10.push(round(metrics.recallAtK));
      report.answered.push(round(answers.reduce((sum, a) => sum + a.length, 0) / people.length, 2));
      report.ndcgAt10ShownLeftOut.push(round(score(answers, shownAt[s]).ndcgAtK));
      report.named.push(round(namedAt[s]!.reduce((sum, n) => sum + n, 0) / people.length, 2));
    });
    orders[name] = report;
    log(
      `new people, ${name}: NDCG@10 ${SHOWN.map((shown, s) => `${shown} shown ${report.ndcgAt10[s]} (${report.answered[s]} answered${name === 'app' ? `, ${report.named[s]} named` : ''})`).join(', ')}` +
        ` [${((performance.now() - orderStarted) / 1000).toFixed(1)} s]`,
    );
  }
  const ceilingMetrics = score(people.map((person) => [...person.remembered].map(([movie, rating]) => ({ movie, rating }))));
  const ceiling = {
    ndcgAt10: round(ceilingMetrics.ndcgAtK),
    precisionAt10: round(ceilingMetrics.precisionAtK),
    recallAt10: round(ceilingMetrics.recallAtK),
  };
  log(`new people, everything remembered folded in (ceiling): NDCG@10 ${ceiling.ndcgAt10}`);
  return {
    share,
    seed,
    people: ceilingMetrics.users,
    shown: [...SHOWN],
    ceiling,
    orders,
    trainingSeconds: round(trainingSeconds, 1),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
