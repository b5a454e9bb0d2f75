import { describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { DEFAULT_IALS_CONFIG, gramMatrix, trainIals } from './models/ials';
import { answersTo, scoreNewPeople, splitNewPeople } from './new-people';
import { answersAlong, logPopularityEntropy, orderBy, popularityOrder, scoresFromAnswers, typedTitles } from './question-orders';
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
