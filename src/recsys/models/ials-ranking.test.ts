import { describe, expect, it } from 'vitest';
import { demoSplit } from '../../test-support/demo-split';
import { popularityScores, rankingMetrics } from '../ranking-metrics';
import { DEFAULT_IALS_CONFIG, ialsScores, trainIals } from './ials';

// The demo data choose what each person rates by the genres they follow and their taste, not
// by popularity alone (see demo-data.ts), so who rated what carries a signal that a ranking model
// must find, as on MovieLens (ml-latest-small: iALS 0.32 vs popularity 0.16 NDCG@10).
const { split, size } = demoSplit({ seed: 4, userCount: 150, movieCount: 300, meanRatingsPerUser: 40 }, 5);

describe('iALS ranking on the demo data', () => {
  it('ranks the liked test movies clearly better than a most-rated list', () => {
    // 32 factors keep this to a few seconds on the CPU; the default 128 ranks the same here.
    // Measured: NDCG@10 0.348 (32 factors; 0.345 with 128) vs popularity 0.181, 1.9×. On the
    // demo data before choices followed taste it was 0.087 (0.105) vs 0.137: this test failed.
    const factors = 32;
    const model = trainIals(split.train, size, { ...DEFAULT_IALS_CONFIG, factors });
    const common = { train: split.train, test: split.test, ...size, k: 10 };
    const popularity = popularityScores(split.train, size.movieCount);
    const ials = rankingMetrics({
      ...common,
      scoreUser: (user) => ialsScores(model, model.userFactors.subarray(user * factors, (user + 1) * factors)),
    });
    const baseline = rankingMetrics({ ...common, scoreUser: () => popularity });
    expect(ials.users).toBe(baseline.users);
    expect(ials.users).toBeGreaterThan(100);
    expect(ials.ndcgAtK).toBeGreaterThan(1.5 * baseline.ndcgAtK);
    expect(ials.recallAtK).toBeGreaterThan(baseline.recallAtK);
  });
});
