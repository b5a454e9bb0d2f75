import { describe, expect, it } from 'vitest';
import { mae, rmse } from './metrics';

describe('rmse', () => {
  it('matches a hand computation', () => {
    // errors 1, -2, 0, 1 -> squares 1, 4, 0, 1 -> mean 1.5
    expect(rmse([4, 1, 3, 5], [3, 3, 3, 4])).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(rmse([2.5], [2.5])).toBe(0);
  });

  it('is NaN for no ratings and refuses mismatched lengths', () => {
    expect(rmse([], [])).toBeNaN();
    expect(() => rmse([1, 2], [1])).toThrow(RangeError);
  });
});

describe('mae', () => {
  it('matches a hand computation', () => {
    expect(mae([4, 1, 3, 5], [3, 3, 3, 4])).toBeCloseTo(1, 12);
  });
});
