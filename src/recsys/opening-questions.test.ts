import { describe, expect, it } from 'vitest';
import { trainedDeck } from '../test-support/trained-deck';
import { answersTo } from './new-people';
import { deckScreen, OPENING_POOL, openingOf, openingPool, openingScreen, openingValues } from './opening-questions';
import { nextQuestions, personMatch, type DeckCatalogue } from './question-deck';

/** The top `count` askable movies by `scores`, `except` left out, the plain way. */
function plainTop(catalogue: DeckCatalogue, scores: ArrayLike<number>, count: number, except: number): number[] {
  return Array.from({ length: scores.length }, (_, m) => m)
    .filter((m) => m !== except && catalogue.askable(m))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, count);
}

function ndcg(list: readonly number[], liked: ReadonlySet<number>): number {
  const dcg = list.reduce((sum, m, rank) => sum + (liked.has(m) ? 1 / Math.log2(rank + 2) : 0), 0);
  let ideal = 0;
  for (let rank = 0; rank < Math.min(10, liked.size); rank++) ideal += 1 / Math.log2(rank + 2);
  return dcg / ideal;
}

describe('the opening screen', () => {
  it('values each movie by what one answer on it did for its raters, against the most rated list (checked the plain way)', () => {
    const { protocol, deck, catalogue, counts, size } = trainedDeck();
    const pool = openingPool(catalogue);
    expect(pool).toEqual(plainTop(catalogue, counts, OPENING_POOL, -1));
    const values = openingValues(deck, catalogue, protocol.train, size.userCount, pool);

    const likedBy = new Map<number, Set<number>>();
    const ratersOf = new Map<number, number[]>();
    for (let j = 0; j < protocol.train.rating.length; j++) {
      const [user, movie] = [protocol.train.user[j]!, protocol.train.movie[j]!];
      if (!ratersOf.has(movie)) ratersOf.set(movie, []);
      ratersOf.get(movie)!.push(user);
      if (protocol.train.rating[j]! >= 4) {
        if (!likedBy.has(user)) likedBy.set(user, new Set());
        likedBy.get(user)!.add(movie);
      }
    }
    pool.forEach((movie, slot) => {
      // For you after one answer on this movie, exactly as the app lists it (any stars: same list).
      const match = personMatch(deck, [{ movie, rating: 4 }])!;
      const oneAnswer = plainTop(catalogue, match, 10, movie);
      expect(plainTop(catalogue, personMatch(deck, [{ movie, rating: 1 }])!, 10, movie)).toEqual(oneAnswer);
      const mostRated = plainTop(catalogue, counts, 10, movie);
      let sum = 0;
      let people = 0;
      for (const user of ratersOf.get(movie)!) {
        const liked = new Set(likedBy.get(user));
        liked.delete(movie);
        if (liked.size === 0) continue;
        sum += ndcg(oneAnswer, liked) - ndcg(mostRated, liked);
        people++;
      }
      expect(values[slot]).toBeCloseTo(sum / people, 4);
    });
    // The values tell the pool apart: not a constant, some above the most rated list, some under.
    expect(Math.max(...values)).toBeGreaterThan(0);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.02);
  });

  it('asks the most valuable of the pool first, most rated first on screen, then follows the answers', () => {
    const { protocol, deck, catalogue, counts, size } = trainedDeck();
    const opening = openingOf(deck, catalogue, protocol.train, size.userCount);
    const first = deckScreen(catalogue, deck, opening, undefined, new Set(), 10);
    const bestTen = opening.pool
      .map((movie, slot) => ({ movie, value: opening.values[slot]! }))
      .sort((a, b) => b.value - a.value)
      .slice(0, 10)
      .map((x) => x.movie);
    expect(new Set(first)).toEqual(new Set(bestTen));
    expect(first.map((m) => counts[m])).toEqual(first.map((m) => counts[m]).sort((a, b) => b! - a!));
    // Not simply the ten most rated: the pool is deeper than a screen and the values differ.
    expect(first).not.toEqual(opening.pool.slice(0, 10));
    // All skipped: the rest of the pool by value, then the next most rated.
    const second = openingScreen(catalogue, opening.pool, opening.values, new Set(first), 10);
    const rest = opening.pool.filter((m) => !first.includes(m));
    const nextMostRated = plainTop(catalogue, counts, OPENING_POOL + 10 - rest.length, -1).slice(OPENING_POOL);
    expect(new Set(second)).toEqual(new Set([...rest, ...nextMostRated]));
    const afterPool = openingScreen(catalogue, opening.pool, opening.values, new Set(opening.pool), 10);
    expect(afterPool).toEqual(plainTop(catalogue, counts, OPENING_POOL + 10, -1).slice(OPENING_POOL));
    // Once a person has answered, the screens are the fold-in's (the opening is for the first answer).
    const person = protocol.people.find((p) => answersTo(p, first).length > 0)!;
    const match = personMatch(deck, answersTo(person, first));
    expect(deckScreen(catalogue, deck, opening, match, new Set(first), 10)).toEqual(
      nextQuestions(catalogue, deck, match, new Set(first), 10),
    );
    // Without a ranking model: popularity.
    expect(deckScreen(catalogue, undefined, undefined, undefined, new Set(), 10)).toEqual(opening.pool.slice(0, 10));
  });
});
