import { describe, expect, it } from 'vitest';
import { demoSplit } from '../test-support/demo-split';
import { answersTo, scoreNewPeople, splitNewPeople } from './new-people';
import { popularityScores } from './ranking-metrics';

describe('the new-people protocol', () => {
  const { split, size } = demoSplit({ seed: 8, userCount: 100, movieCount: 150, meanRatingsPerUser: 20 }, 4);
  const ratings = split.train;
  const protocol = splitNewPeople(ratings, size.userCount, 0.2, 5);

  it('takes a seeded 20 % of the users as new people, none of whose ratings is trained on', () => {
    expect(protocol.people).toHaveLength(20);
    const newUsers = new Set(protocol.people.map((p) => p.user));
    expect(protocol.train.user.some((u) => newUsers.has(u))).toBe(false);
    // Every rating is either trained on or one new person's, none lost or repeated.
    const theirs = protocol.people.reduce((sum, p) => sum + p.remembered.size + p.held.length, 0);
    expect(protocol.train.rating.length + theirs).toBe(ratings.rating.length);
    // Seeded: the same seed, the same people and halves; another seed, other people.
    expect(splitNewPeople(ratings, size.userCount, 0.2, 5)).toEqual(protocol);
    const other = splitNewPeople(ratings, size.userCount, 0.2, 6);
    expect(other.people.map((p) => p.user)).not.toEqual(protocol.people.map((p) => p.user));
  });

  it('splits each person’s ratings 50/50 into what they remember and what is held out', () => {
    for (const person of protocol.people) {
      const total = person.remembered.size + person.held.length;
      expect(person.remembered.size).toBe(Math.round(total / 2));
      for (const { movie } of person.held) expect(person.remembered.has(movie)).toBe(false);
      const mine = new Map<number, number>();
      ratings.user.forEach((u, j) => u === person.user && mine.set(ratings.movie[j]!, ratings.rating[j]!));
      for (const [movie, rating] of person.remembered) expect(mine.get(movie)).toBe(rating);
      for (const { movie, rating } of person.held) expect(mine.get(movie)).toBe(rating);
    }
  });

  it('answers a shown movie iff the person remembers it, with their rating, once', () => {
    const person = protocol.people[0]!;
    const remembered = [...person.remembered.keys()];
    const held = person.held.map((r) => r.movie);
    const unrated = Array.from({ length: size.movieCount }, (_, m) => m).find((m) => !person.remembered.has(m) && !held.includes(m))!;
    const shown = [remembered[0]!, held[0]!, unrated, remembered[1]!, remembered[0]!];
    expect(answersTo(person, shown)).toEqual([
      { movie: remembered[0], rating: person.remembered.get(remembered[0]!) },
      { movie: remembered[1], rating: person.remembered.get(remembered[1]!) },
    ]);
    expect(answersTo(person, [])).toEqual([]);
  });

  it('scores each list on the held half, with the answers out of the candidates', () => {
    const popularity = popularityScores(protocol.train, size.movieCount);
    const none = protocol.people.map(() => []);
    const byPopularity = scoreNewPeople(protocol.people, none, size.movieCount, () => popularity);
    // The held half's own liked movies first: a perfect list.
    const oracle = scoreNewPeople(protocol.people, none, size.movieCount, (i) => {
      const scores = new Float32Array(size.movieCount);
      for (const { movie, rating } of protocol.people[i]!.held) if (rating >= 4) scores[movie] = 1 + rating;
      return scores;
    });
    expect(oracle.ndcgAtK).toBeCloseTo(1, 10);
    expect(byPopularity.ndcgAtK).toBeGreaterThan(0);
    expect(byPopularity.ndcgAtK).toBeLessThan(oracle.ndcgAtK);
    expect(byPopularity.users).toBe(oracle.users);
    expect(byPopularity.users).toBe(protocol.people.filter((p) => p.held.some((r) => r.rating >= 4)).length);
    // An answered movie is never listed: answering the held half's liked movies cannot score them.
    const cheating = protocol.people.map((p) => p.held.filter((r) => r.rating >= 4));
    const answeredOut = scoreNewPeople(protocol.people, cheating, size.movieCount, (i) => {
      const scores = new Float32Array(size.movieCount);
      for (const { movie, rating } of protocol.people[i]!.held) if (rating >= 4) scores[movie] = 1 + rating;
      return scores;
    });
    expect(answeredOut.users).toBe(0);
  });
});
