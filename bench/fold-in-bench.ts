/**
 * For you's cost on ml-25m's catalogue: `npx tsx bench/fold-in-bench.ts [--movies N] [--ratings N]`.
 * Times what personalPicks does for a person's ratings, with no retraining: the ranking model's
 * fold-in (one k × k solve with the precomputed Gram matrix, models/ials.ts), the rating model's
 * fold-in, scoring every movie with both, and the top 10. Factors are seeded random values of
 * ml-25m's shape (59,047 movies; iALS k 128, MF at its default k): the cost does not depend on their values.
 * A plain loop that only reads every movie's factors once is the same-session reference.
 * The question deck's work after an answer (issue 27: ≤ 100 ms) is timed too: the person's
 * fold-in and match, For you's top 10 and the next screen of questions (question-deck.ts); and
 * the opening screen's values, computed once per ranking model before the first answer
 * (opening-questions.ts: OPENING_POOL one-answer lists and one pass over the ratings), on `--ratings N`
 * seeded synthetic ratings (ml-25m's 25,000,095 by 162,541 users; movies drawn by a power law
 * whose most rated movie has about 100k ratings, ml-25m's 81k), medians of 5 runs.
 * Prints one JSON line: medians of 25 runs per size, in milliseconds.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_IALS_CONFIG, foldInIals, gramMatrix, ialsScores, type IalsModel } from '../src/recsys/models/ials';
import type { MatrixFactorizationWeights } from '../src/recsys/models/mf-weights';
import { scoreMoviesForVector } from '../src/recsys/models/mf-weights';
import { foldInUser } from '../src/recsys/personal';
import { openingOf } from '../src/recsys/opening-questions';
import { DECK_SCREEN, meanTaste, nextQuestions, personMatch, type DeckModel } from '../src/recsys/question-deck';
import { mulberry32, randomNormal } from '../src/recsys/random';
import { topN } from '../src/recsys/recommend';
import { DEFAULT_TRAINING_CONFIG } from '../src/recsys/training-config';

const { values } = parseArgs({ options: { movies: { type: 'string' }, runs: { type: 'string' }, ratings: { type: 'string' } } });
const movieCount = Number(values.movies ?? 59_047);
const ratingCount = Number(values.ratings ?? 25_000_095);
const userCount = Math.max(1, Math.round(ratingCount / 153.8));
const runs = Number(values.runs ?? 25);
const random = mulberry32(1);
const table = (length: number) => Float32Array.from({ length }, () => 0.1 * randomNormal(random));

const ialsK = DEFAULT_IALS_CONFIG.factors;
const ranker: IalsModel = {
  // Two users for the mean taste the deck starts from.
  userCount: 2,
  movieCount,
  factors: ialsK,
  userFactors: table(2 * ialsK),
  movieFactors: table(movieCount * ialsK),
  meanRating: 3.5,
};
const mfK = DEFAULT_TRAINING_CONFIG.factors;
const mf: MatrixFactorizationWeights = {
  userCount: 1,
  movieCount,
  factors: mfK,
  globalMean: 3.5,
  userFactors: new Float32Array(mfK),
  movieFactors: table(movieCount * mfK),
  userBias: new Float32Array(1),
  movieBias: table(movieCount),
};

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (work: () => unknown, times = runs) => {
  const out: number[] = [];
  for (let r = 0; r < times; r++) {
    const started = performance.now();
    work();
    out.push(performance.now() - started);
  }
  return median(out);
};

let gram: Float64Array = new Float64Array(0);
const gramMs = time(() => (gram = gramMatrix(ranker.movieFactors, movieCount, ialsK)));
// The reference: one pass over every movie's iALS factors (the least any scoring can do).
let sink = 0;
const readOnceMs = time(() => {
  const factors = ranker.movieFactors;
  let sum = 0;
  for (let i = 0; i < factors.length; i++) sum += factors[i]!;
  sink += sum;
});

// The deck's model: the mean user's scores are computed once per model, like the Gram matrix.
let deck: DeckModel | undefined;
const deckOnceMs = time(
  () => (deck = { model: ranker, movieGram: gram, config: DEFAULT_IALS_CONFIG, meanTasteScores: ialsScores(ranker, meanTaste(ranker)) }),
);
const catalogue = { ratingsPerMovie: Int32Array.from({ length: movieCount }, (_, i) => (i * 7) % 1000), askable: () => true };

const bySize: Record<string, { foldInMs: number; forYouMs: number; deckAnswerMs: number }> = {};
for (const count of [5, 50, 500]) {
  const ratings = Array.from({ length: count }, (_, j) => ({ movie: (j * 7919) % movieCount, rating: 0.5 + (j % 10) * 0.5 }));
  const foldInMs = time(() => foldInIals(ranker, gram, ratings, DEFAULT_IALS_CONFIG));
  const forYouMs = time(() => {
    const vector = foldInIals(ranker, gram, ratings, DEFAULT_IALS_CONFIG);
    const match = ialsScores(ranker, vector);
    const person = foldInUser(mf, ratings, DEFAULT_TRAINING_CONFIG.regularization, true);
    const predicted = scoreMoviesForVector(mf, person.factors, person.bias);
    const picks = topN(
      match,
      10,
      ratings.map((r) => r.movie),
    );
    sink += predicted[picks[0]!.movie]!;
  });
  // An answer in the deck: the match from every answer so far, For you's ten, the next screen
  // (none of the answered, the skipped as many again, or the cards on screen).
  const excluded = new Set([
    ...ratings.map((r) => r.movie),
    ...Array.from({ length: count + DECK_SCREEN }, (_, j) => (j * 104_729) % movieCount),
  ]);
  const deckAnswerMs = time(() => {
    const match = personMatch(deck!, ratings)!;
    const person = foldInUser(mf, ratings, DEFAULT_TRAINING_CONFIG.regularization, true);
    const predicted = scoreMoviesForVector(mf, person.factors, person.bias);
    const picks = topN(match, 10, [...excluded]);
    const questions = nextQuestions(catalogue, deck, match, excluded, DECK_SCREEN);
    sink += predicted[picks[0]!.movie]! + questions.length;
  });
  bySize[String(count)] = {
    foldInMs: Number(foldInMs.toFixed(2)),
    forYouMs: Number(forYouMs.toFixed(2)),
    deckAnswerMs: Number(deckAnswerMs.toFixed(2)),
  };
}
// The opening screen: synthetic ratings, movie ⌊M·u²⌋ for uniform u (the first has ~M^-½ of them).
const synthetic = {
  user: Int32Array.from({ length: ratingCount }, () => Math.floor(random() * userCount)),
  movie: Int32Array.from({ length: ratingCount }, () => Math.floor(movieCount * random() ** 2)),
  rating: Float32Array.from({ length: ratingCount }, () => 0.5 + Math.floor(random() * 10) * 0.5),
};
const syntheticCounts = new Int32Array(movieCount);
for (const movie of synthetic.movie) syntheticCounts[movie]!++;
const openingOnceMs = time(
  () =>
    (sink += openingOf(deck!, { ratingsPerMovie: syntheticCounts, askable: (m) => syntheticCounts[m]! >= 50 }, synthetic, userCount).pool
      .length),
  Math.min(runs, 5),
);

console.log(
  JSON.stringify({
    movies: movieCount,
    factors: { ials: ialsK, mf: mfK },
    runs,
    gramOnceMs: Number(gramMs.toFixed(1)),
    deckModelOnceMs: Number(deckOnceMs.toFixed(1)),
    opening: { ratings: ratingCount, users: userCount, onceMs: Number(openingOnceMs.toFixed(1)) },
    readFactorsOnceMs: Number(readOnceMs.toFixed(2)),
    byRatings: bySize,
    sink: Number.isFinite(sink),
  }),
);
