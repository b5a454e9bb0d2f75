import { describe, expect, it } from 'vitest';
import { principalComponents, project } from './pca';
import { mulberry32, randomNormal } from './random';

describe('principalComponents', () => {
  it('finds the directions of largest variance, in order', () => {
    // Points spread 3 along (1, 1, 0)/√2, 1 along (1, −1, 0)/√2, 0.1 along z.
    const random = mulberry32(3);
    const n = 4000;
    const rows = new Float32Array(n * 3);
    for (let r = 0; r < n; r++) {
      const a = 3 * randomNormal(random);
      const b = 1 * randomNormal(random);
      rows[r * 3] = (a + b) / Math.SQRT2 + 5;
      rows[r * 3 + 1] = (a - b) / Math.SQRT2 - 2;
      rows[r * 3 + 2] = 0.1 * randomNormal(random);
    }
    const pca = principalComponents(rows, 3, 2);
    const [first, second] = pca.components;
    expect(Math.abs(first[0])).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.sign(first[0])).toBe(Math.sign(first[1]));
    expect(Math.abs(second[0])).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.sign(second[0])).toBe(-Math.sign(second[1]));
    expect(pca.variances[0]).toBeCloseTo(9, 0);
    expect(pca.variances[1]).toBeCloseTo(1, 0);
    expect(pca.mean[0]).toBeCloseTo(5, 0);
    // Components are orthogonal unit vectors.
    expect(first.reduce((s, x, i) => s + x * second[i], 0)).toBeCloseTo(0, 6);
    expect(Math.hypot(...first)).toBeCloseTo(1, 9);
    // The mean projects to the origin.
    project(pca, pca.mean).forEach((x) => expect(x).toBeCloseTo(0, 9));
  });
});
