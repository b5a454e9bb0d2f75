import { deckScreen, openingOf, type Opening } from '../../recsys/opening-questions';
import { personMatch, type DeckCatalogue, type DeckModel } from '../../recsys/question-deck';
import { pickEligibility } from '../../recsys/pick-filter';
import type { QuestionCard, QuestionsOutcome } from '../api';
import type { CurrentRanker, LoadedData } from '../session';
import type { WorkerContext } from './context';
import { personalRatingsOf } from './movie-shapes';
import { deckModelOf } from './picks-service';

/**
 * The question deck's next screen: movies the person has neither rated, nor answered "Haven't
 * seen", nor been shown on this page (`asked`), chosen by recsys/question-deck.ts from the
 * ranking model's fold-in of their ratings (before any rating, its opening screen), or by
 * popularity without one.
 */
export function nextQuestions({ session }: WorkerContext, count: number, asked: readonly number[]): QuestionsOutcome {
  const started = performance.now();
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load data first.' };
  const { dataset, indexes } = data;
  const excluded = new Set<number>();
  const exclude = (movieId: number) => {
    const movie = dataset.movies.indexOf(movieId);
    if (movie !== undefined) excluded.add(movie);
  };
  for (const movieId of data.myRatings.keys()) exclude(movieId);
  for (const movieId of data.notSeen) exclude(movieId);
  for (const movieId of asked) exclude(movieId);
  const ranker = session.ranker;
  const deck = ranker && deckModelOf(ranker);
  const match = deck && personMatch(deck, personalRatingsOf(data));
  const catalogue = { ratingsPerMovie: indexes.ratingsPerMovie, askable: pickEligibility(indexes) };
  const opening = ranker && deck && !match ? openingFor(ranker, deck, catalogue, data) : undefined;
  const chosen = deckScreen(catalogue, deck, opening, match, excluded, count);
  return {
    ok: true,
    questions: chosen.map((movie) => questionCard(data, movie)),
    basis: match ? 'taste' : opening ? 'opening' : 'popularity',
    hasRanker: ranker !== undefined,
    millis: performance.now() - started,
  };
}

/** Each ranking model's opening (a new model, or a new fold-in ridge, is a new ranker object;
 * a new dataset comes with a new ranker). */
const openings = new WeakMap<CurrentRanker, Opening>();

function openingFor(ranker: CurrentRanker, deck: DeckModel, catalogue: DeckCatalogue, { dataset }: LoadedData): Opening {
  let opening = openings.get(ranker);
  if (!opening) openings.set(ranker, (opening = openingOf(deck, catalogue, dataset.ratings, dataset.users.size)));
  return opening;
}

function questionCard({ dataset, indexes }: LoadedData, movie: number): QuestionCard {
  const info = dataset.movieInfo[movie];
  const year = indexes.movieYears[movie] ?? 0;
  return {
    movieId: dataset.movies.rawId(movie),
    title: info?.title ?? '',
    ...(year > 0 && { year }),
    genres: info?.genres ?? [],
    ratingCount: indexes.ratingsPerMovie[movie] ?? 0,
  };
}
