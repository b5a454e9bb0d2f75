import { describe, expect, it } from 'vitest';
import { fitBiasBaseline, predictBaseline } from './baseline';
import { rmse } from './metrics';

describe('fitBiasBaseline', () => {
  it('learns that a loved movie and a harsh user sit above and below the mean', () => {
    // Movie 0 is rated high by everyone, user 2 rates everything low.
    const train = {
      user: Int32Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2),
      movie: Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2),
      rating: Float32Array.of(5, 5, 4, 3, 3, 1, 3, 3, 1),
    };
    const fit = fitBiasBaseline(train, 3, 3, { userRegularization: 0, movieRegularization: 0 });
    expect(fit.globalMean).toBeCloseTo(28 / 9, 6);
    expect(fit.movieBias[0]).toBeGreaterThan(1);
    expect(fit.userBias[2]).toBeLessThan(-0.5);
    // Unregularised biases fit this additive data exactly.
    const scale = { min: 0.5, max: 5 };
    expect(rmse(predictBaseline(fit, train, scale), train.rating)).toBeLessThan(0.35);
    // Regularisation shrinks biases towards zero.
    const shrunk = fitBiasBaseline(train, 3, 3, { userRegularization: 25, movieRegularization: 25 });
    expect(Math.abs(shrunk.movieBias[0])).toBeLessThan(Math.abs(fit.movieBias[0]));
  });
});
