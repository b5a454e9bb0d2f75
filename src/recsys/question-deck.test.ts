import { describe, expect, it } from 'vitest';
import { trainedDeck } from '../test-support/trained-deck';
import { foldInIals } from './models/ials';
import { explainIalsMatch } from './models/ials-explain';
import { answersTo } from './new-people';
import { foldInPerson, meanTaste, nextQuestions, personMatch, PERSON_RIDGE_SCALE } from './question-deck';

describe('the question deck', () => {
  it('asks the most rated askable movies first, none excluded, and by popularity without a ranking model', () => {
    const { deck, counts, catalogue } = trainedDeck();
    const first = nextQuestions(catalogue, deck, undefined, new Set(), 10);
    const byCount = Array.from(counts.keys())
      .filter((m) => catalogue.askable(m))
      .sort((a, b) => counts[b]! - counts[a]! || a - b);
    expect(first).toEqual(byCount.slice(0, 10));
    const second = nextQuestions(catalogue, undefined, undefined, new Set(first), 10);
    expect(second).toEqual(byCount.slice(10, 20));
    // Never a movie with too few ratings to be known.
    const rare = { ...catalogue, askable: (movie: number) => counts[movie]! >= 5 && movie % 2 === 0 };
    expect(nextQuestions(rare, deck, undefined, new Set(), 30).every((m) => m % 2 === 0)).toBe(true);
  });

  it('after an answer asks what this person most likely has seen, and finds more of what they remember than popularity', () => {
    const { protocol, deck, counts, catalogue } = trainedDeck();
    const popularFirst = nextQuestions(catalogue, deck, undefined, new Set(), 10);
    let adaptiveAnswers = 0;
    let popularityAnswers = 0;
    for (const person of protocol.people) {
      const shown = [...popularFirst];
      while (shown.length < 40)
        shown.push(...nextQuestions(catalogue, deck, personMatch(deck, answersTo(person, shown)), new Set(shown), 10));
      adaptiveAnswers += answersTo(person, shown).length;
      popularityAnswers += answersTo(person, nextQuestions(catalogue, undefined, undefined, new Set(), 40)).length;
      // The next screens follow the answers: the fold-in's top (plus the mean taste), not popularity.
      if (answersTo(person, popularFirst).length > 0)
        expect(shown.slice(10).some((m) => counts[m]! < counts[popularFirst.at(-1)!]!)).toBe(true);
    }
    expect(adaptiveAnswers).toBeGreaterThan(popularityAnswers);
    expect(counts.length).toBe(deck.model.movieCount);
  });

  it('folds a person in with a share of the rows’ ridge, which the Why? explanation uses too', () => {
    const { protocol, deck } = trainedDeck();
    const answers = [...protocol.people[0]!.remembered].slice(0, 4).map(([movie, rating]) => ({ movie, rating }));
    const person = foldInPerson(deck.model, deck.movieGram, answers, deck.config);
    const full = foldInIals(deck.model, deck.movieGram, answers, deck.config);
    // A smaller ridge: the same direction of taste, a larger vector.
    const norm = (v: Float32Array) => Math.hypot(...v);
    expect(norm(person)).toBeGreaterThan(norm(full));
    const match = personMatch(deck, answers)!;
    const explained = explainIalsMatch(deck.model, deck.movieGram, answers, deck.config, 7, PERSON_RIDGE_SCALE);
    expect(explained.match).toBeCloseTo(match[7]!, 4);
    expect(personMatch(deck, [])).toBeUndefined();
  });

  it('takes the mean taste over the users the model fitted', () => {
    const model = {
      userCount: 3,
      movieCount: 1,
      factors: 2,
      meanRating: 3,
      movieFactors: new Float32Array(2),
      userFactors: Float32Array.from([1, 2, 0, 0, 3, 4]),
    };
    expect(Array.from(meanTaste(model))).toEqual([2, 3]);
  });
});
