import { DEFAULT_IALS_CONFIG, gramMatrix, ialsScores, trainIals } from '../recsys/models/ials';
import { splitNewPeople } from '../recsys/new-people';
import { meanTaste, type DeckCatalogue, type DeckModel } from '../recsys/question-deck';
import { popularityScores } from '../recsys/ranking-metrics';
import { demoSplit } from './demo-split';

/** The question deck on demo-shaped data: a small ranking model trained without a fifth of the
 * users (the new people), and the catalogue of the others' ratings (askable: 5 ratings). */
export function trainedDeck() {
  const { split, size } = demoSplit({ seed: 8, userCount: 300, movieCount: 300, meanRatingsPerUser: 40 }, 4);
  const protocol = splitNewPeople(split.train, size.userCount, 0.2, 5);
  const config = { ...DEFAULT_IALS_CONFIG, factors: 16, iterations: 8 };
  const model = trainIals(protocol.train, size, config);
  const deck: DeckModel = {
    model,
    movieGram: gramMatrix(model.movieFactors, model.movieCount, model.factors),
    config,
    meanTasteScores: ialsScores(model, meanTaste(model)),
  };
  const counts = popularityScores(protocol.train, size.movieCount);
  const catalogue: DeckCatalogue = { ratingsPerMovie: counts, askable: (movie) => counts[movie]! >= 5 };
  return { protocol, deck, counts, catalogue, size };
}
