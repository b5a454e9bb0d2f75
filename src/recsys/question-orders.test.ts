import { describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { DEFAULT_IALS_CONFIG, gramMatrix, trainIals } from './models/ials';
import { answersTo, scoreNewPeople, splitNewPeople } from './new-people';
import {
  answersAlong,
  deckWithNaming,
  logPopularityEntropy,
  namedTitles,
  orderBy,
  popularityOrder,
  scoresFromAnswers,
  typedTitles,
} from './question-orders';
import { popularityScores } from './ranking-metrics';

describe('the question orders', () => {
  it('ranks by popularity, and by log-popularity × entropy (0 for a movie everyone rates alike)', () => {
    expect(Array.from(popularityOrder([3, 9, 9, 1]))).toEqual([1, 2, 0, 3]);
    const train = {
      user: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
      movie: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
      rating: Float32Array.from([4, 4, 4, 4, 1, 5, 1, 5]),
    };
    const scores = logPopularityEntropy(train, 3);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeCloseTo(Math.log1p(4) * 1, 12); // two values, half each: 1 bit
    expect(scores[2]).toBe(0); // never rated
    expect(Array.from(orderBy(scores))).toEqual([1, 0, 2]);
  });

  it('types only remembered titles, each answered, in a seeded order', () => {
    const { split, size } = demoSplit({ seed: 8, userCount: 100, movieCount: 150, meanRatingsPerUser: 20 }, 4);
    const [person] = splitNewPeople(split.train, size.userCount, 0.2, 5).people;
    const typed = typedTitles(person!, 1);
    expect(new Set(typed)).toEqual(new Set(person!.remembered.keys()));
    expect(answersTo(person!, typed.slice(0, 5))).toHaveLength(Math.min(5, typed.length));
    expect(typedTitles(person!, 1)).toEqual(typed);
    expect(typedTitles(person!, 2)).not.toEqual(typed);
  });

  it('names remembered titles not shown yet, in the typed order', () => {
    const { split, size } = demoSplit({ seed: 8, userCount: 100, movieCount: 150, meanRatingsPerUser: 20 }, 4);
    const [person] = splitNewPeople(split.train, size.userCount, 0.2, 5).people;
    const typed = typedTitles(person!, 1);
    expect(typed.length).toBeGreaterThan(4);
    const shown = [typed[1]!, typed[3]!, 100_000];
    expect(namedTitles(person!, 1, shown, 3)).toEqual([typed[0], typed[2], typed[4]]);
    expect(namedTitles(person!, 1, typed, 3)).toEqual([]);
  });

  it('runs the deck with naming: titles only after a screen of cards where nothing was seen, then cards again', () => {
    const { split, size } = demoSplit({ seed: 8, userCount: 100, movieCount: 150, meanRatingsPerUser: 20 }, 4);
    const [person] = splitNewPeople(split.train, size.userCount, 0.2, 5).people;
    const remembered = [...person!.remembered.keys()];
    const unseen = Array.from({ length: size.movieCount }, (_, m) => m).filter((m) => !person!.remembered.has(m));
    // Cards: first a screen of movies the person does not remember, then one with a remembered movie, and so on.
    let screens = 0;
    const cards = (_answers: readonly unknown[], shown: readonly number[]) => {
      screens++;
      const fresh = unseen.filter((m) => !shown.includes(m)).slice(0, 3);
      return screens === 2 ? [...fresh.slice(0, 2), remembered.find((m) => !shown.includes(m))!] : fresh;
    };
    const ask = deckWithNaming(person!, 1, 2, cards);
    const shown: number[] = [];
    const steps = [];
    for (let i = 0; i < 4; i++) {
      const next = ask(answersTo(person!, shown), shown);
      steps.push(next.named);
      if (next.named) next.movies.forEach((m) => expect(person!.remembered.has(m)).toBe(true));
      expect(next.movies.some((m) => shown.includes(m))).toBe(false);
      shown.push(...next.movies);
    }
    // Nothing seen → two titles named → cards (one remembered) → cards again.
    expect(steps).toEqual([false, true, false, false]);
    expect(shown.slice(3, 5)).toEqual(namedTitles(person!, 1, shown.slice(0, 3), 2));
  });

  it('simulates people meeting an order on the same people: more answers fold in, and beat popularity', () => {
    const { split, size } = demoSplit({ seed: 8, userCount: 300, movieCount: 300, meanRatingsPerUser: 40 }, 4);
    const protocol = splitNewPeople(split.train, size.userCount, 0.2, 5);
    const config = { ...DEFAULT_IALS_CONFIG, factors: 16, iterations: 8 };
    const model = trainIals(protocol.train, size, config);
    const gram = gramMatrix(model.movieFactors, model.movieCount, model.factors);
    const popularity = popularityScores(protocol.train, size.movieCount);
    const order = popularityOrder(popularity);
    const shown = [0, 10, 40];
    const along = protocol.people.map((person) => answersAlong(person, order, shown));
    const at = (s: number) => {
      const answers = along.map((a) => a[s]!);
      return {
        answered: answers.reduce((sum, a) => sum + a.length, 0) / answers.length,
        metrics: scoreNewPeople(protocol.people, answers, size.movieCount, (i) =>
          scoresFromAnswers(model, gram, config, answers[i]!, popularity),
        ),
      };
    };
    const [none, ten, forty] = [at(0), at(1), at(2)];
    expect(none.answered).toBe(0);
    expect(ten.answered).toBeGreaterThan(0);
    expect(forty.answered).toBeGreaterThan(ten.answered);
    // Every answer is one the person remembers.
    along.forEach((a, i) => a[2]!.forEach((r) => expect(protocol.people[i]!.remembered.get(r.movie)).toBe(r.rating)));
    // Folded-in answers beat the no-answer list (popularity) on the same people.
    expect(forty.metrics.users).toBe(none.metrics.users);
    expect(forty.metrics.ndcgAtK).toBeGreaterThan(none.metrics.ndcgAtK);
  });
});
