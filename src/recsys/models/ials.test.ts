import { describe, expect, it } from 'vitest';
import { demoSplit } from '../../test-support/demo-split';
import { solveSymmetricPositiveDefinite } from '../personal';
import { confidence, DEFAULT_IALS_CONFIG, foldInIals, gramMatrix, rowSystem, trainIals, type IalsConfig } from './ials';

const { split, size } = demoSplit({ seed: 4, userCount: 150, movieCount: 300, meanRatingsPerUser: 40 }, 5);
const config: IalsConfig = { ...DEFAULT_IALS_CONFIG, factors: 8, iterations: 6 };

/** User u's training ratings as (movie, rating). */
function ratingsOf(user: number) {
  const out: { movie: number; rating: number }[] = [];
  for (let j = 0; j < split.train.user.length; j++) {
    if (split.train.user[j] === user) out.push({ movie: split.train.movie[j]!, rating: split.train.rating[j]! });
  }
  return out;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('iALS (CPU reference)', () => {
  it('weights observed entries by the rating relative to the mean', () => {
    expect(confidence(5, 3.5)).toBeCloseTo(2.5);
    expect(confidence(3, 3.5)).toBeCloseTo(0.5);
    expect(confidence(1, 3.5)).toBeCloseTo(0.1);
  });

  it('each row solve with k CG steps is the direct least-squares solve of its system', () => {
    const k = config.factors;
    const start = trainIals(split.train, size, { ...config, iterations: 0 });
    const once = trainIals(split.train, size, { ...config, iterations: 1, conjugateGradientSteps: k });
    const gram = gramMatrix(start.movieFactors, size.movieCount, k);
    for (const user of [0, 7, 42, 149]) {
      const ratings = ratingsOf(user);
      const entries = ratings.map((r) => ({ column: r.movie, weight: confidence(r.rating, start.meanRating) }));
      const ridge = config.regularization * (ratings.length + config.unobservedWeight * size.movieCount) ** config.frequencyExponent;
      const { a, b } = rowSystem(gram, start.movieFactors, k, entries, ridge, config.unobservedWeight);
      const direct = solveSymmetricPositiveDefinite(a, b, k);
      const solved = once.userFactors.subarray(user * k, (user + 1) * k);
      for (let f = 0; f < k; f++) expect(solved[f]).toBeCloseTo(direct[f]!, 4);
    }
  });

  it('folds a user in to the vector training gave them', () => {
    const model = trainIals(split.train, size, { ...config, iterations: 12, conjugateGradientSteps: 8 });
    const gram = gramMatrix(model.movieFactors, size.movieCount, config.factors);
    const k = config.factors;
    for (const user of [3, 77]) {
      const folded = foldInIals(model, gram, ratingsOf(user), config);
      expect(cosine(folded, model.userFactors.subarray(user * k, (user + 1) * k))).toBeGreaterThan(0.99);
    }
  });
});
