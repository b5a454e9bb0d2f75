/**
 * The protocol that measures For you for people the model never saw (issue 27; the peer script
 * is ../shared/peers/new_people.py):
 *
 *   - a seeded `share` of the users (20 %) are new people: none of their ratings enters training,
 *     its validation carve or its popularity counts;
 *   - each new person's ratings are split 50/50 (seeded) into what they *remember* and a test
 *     half; a movie shown to them is answered with its rating iff it is in the remembered half,
 *     any other shown movie is "haven't seen";
 *   - after S movies shown, the answers are folded in and every movie not answered is ranked;
 *     the top 10 (as For you lists them) are scored on the test half: relevant = rating ≥ 4, with
 *     ranking-metrics.ts's definitions (the answers play the part of the training ratings).
 *
 * Question orders, the fold-in and the bench driver build on this; here are the split, the
 * answers and the scoring, pure and seeded.
 */
import { groupByRow } from './compressed-rows';
import type { RatingColumns } from './dataset';
import { mulberry32, permutation } from './random';
import { rankingMetrics, type RankingMetrics } from './ranking-metrics';

export interface Rated {
  readonly movie: number;
  readonly rating: number;
}

export interface NewPerson {
  /** The user's dense index in the dataset. */
  readonly user: number;
  /** The half they remember: a shown movie here is answered with this rating. */
  readonly remembered: ReadonlyMap<number, number>;
  /** The half held out to score their For you list. */
  readonly held: readonly Rated[];
}

export interface NewPeopleSplit {
  /** Every rating of the other users: what the models train on. */
  readonly train: RatingColumns;
  /** In increasing user order. */
  readonly people: readonly NewPerson[];
  readonly share: number;
  readonly seed: number;
}

/** Seeds of the two draws, apart so that changing one leaves the other. */
const PEOPLE_SEED_OFFSET = 0x27d4eb2f;
const HALVES_SEED_OFFSET = 0x165667b1;

export function splitNewPeople(ratings: RatingColumns, userCount: number, share = 0.2, seed = 0): NewPeopleSplit {
  if (!(share > 0 && share < 1)) throw new RangeError(`share must be between 0 and 1, got ${share}`);
  const order = permutation(userCount, mulberry32((seed ^ PEOPLE_SEED_OFFSET) >>> 0));
  const isNew = new Uint8Array(userCount);
  for (const user of order.subarray(0, Math.round(userCount * share))) isNew[user] = 1;

  const n = ratings.rating.length;
  let kept = 0;
  for (let j = 0; j < n; j++) if (isNew[ratings.user[j]!] === 0) kept++;
  const train = { user: new Int32Array(kept), movie: new Int32Array(kept), rating: new Float32Array(kept) };
  const theirRows: number[] = [];
  for (let j = 0, at = 0; j < n; j++) {
    if (isNew[ratings.user[j]!] === 1) {
      theirRows.push(j);
      continue;
    }
    train.user[at] = ratings.user[j]!;
    train.movie[at] = ratings.movie[j]!;
    train.rating[at] = ratings.rating[j]!;
    at++;
  }
  // Each person's rows together, in file order, then halved by one seeded stream in user order.
  const rows = Int32Array.from(theirRows);
  const byUser: number[] = [];
  const offsets = groupByRow(
    Int32Array.from(rows, (j) => ratings.user[j]!),
    userCount,
    (at, k) => (byUser[at] = rows[k]!),
  );
  const random = mulberry32((seed ^ HALVES_SEED_OFFSET) >>> 0);
  const people: NewPerson[] = [];
  for (let user = 0; user < userCount; user++) {
    if (isNew[user] === 0) continue;
    const mine = byUser.slice(offsets[user]!, offsets[user + 1]!);
    const shuffled = permutation(mine.length, random);
    const rememberedCount = Math.round(mine.length / 2);
    const remembered = new Map<number, number>();
    const held: Rated[] = [];
    shuffled.forEach((k, i) => {
      const j = mine[k]!;
      if (i < rememberedCount) remembered.set(ratings.movie[j]!, ratings.rating[j]!);
      else held.push({ movie: ratings.movie[j]!, rating: ratings.rating[j]! });
    });
    people.push({ user, remembered, held });
  }
  return { train, people, share, seed };
}

/** What a person answers after being shown `shown` (in order): a rating for each remembered
 * movie, nothing for the others ("haven't seen"). A movie shown twice is answered once. */
export function answersTo(person: NewPerson, shown: readonly number[]): Rated[] {
  const answers: Rated[] = [];
  const seen = new Set<number>();
  for (const movie of shown) {
    if (seen.has(movie)) continue;
    seen.add(movie);
    const rating = person.remembered.get(movie);
    if (rating !== undefined) answers.push({ movie, rating });
  }
  return answers;
}

/**
 * Top-10 quality of each person's list, over the people with at least one relevant held movie:
 * `scoreFor(i)` scores every movie for person i (NaN: not listable, as For you leaves out
 * movies with too few ratings); their answers are never candidates.
 */
export function scoreNewPeople(
  people: readonly NewPerson[],
  answers: readonly (readonly Rated[])[],
  movieCount: number,
  scoreFor: (person: number) => ArrayLike<number>,
): RankingMetrics {
  const columns = (lists: readonly (readonly Rated[])[]): RatingColumns => {
    const flat = lists.flatMap((list, person) => list.map((r) => ({ person, ...r })));
    return {
      user: Int32Array.from(flat, (r) => r.person),
      movie: Int32Array.from(flat, (r) => r.movie),
      rating: Float32Array.from(flat, (r) => r.rating),
    };
  };
  return rankingMetrics({
    train: columns(answers),
    test: columns(people.map((p) => p.held)),
    userCount: people.length,
    movieCount,
    scoreUser: scoreFor,
    k: 10,
  });
}
