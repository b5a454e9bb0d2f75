import { describe, expect, it } from 'vitest';
import { initialMfWeights, scoreAllMoviesMf, scoreMoviesForVector, type MatrixFactorizationWeights } from './models/mf-weights';
import { cosineToAll, foldInUser, minimumRatingsFor, scoreBreakdown, solveSymmetricPositiveDefinite, userFactorsOf } from './personal';
import { mulberry32, randomNormal } from './random';

function weightsWithBiases(seed: number): MatrixFactorizationWeights {
  const base = initialMfWeights({ userCount: 4, movieCount: 12, factors: 3 }, 3.4, 1, seed);
  const random = mulberry32(seed + 100);
  return {
    ...base,
    movieBias: Float32Array.from(base.movieBias, () => 0.5 * randomNormal(random)),
    userBias: Float32Array.of(0.2, -0.1, 0, 0.4),
  };
}

/** Least squares by the normal equations written out naively, as the reference. */
function directRidge(z: number[][], y: number[], ridge: number): number[] {
  const size = z[0].length;
  const a = Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => z.reduce((s, row) => s + row[r] * row[c], 0) + (r === c ? ridge : 0)),
  );
  const b = Array.from({ length: size }, (_, r) => z.reduce((s, row, i) => s + row[r] * y[i], 0));
  // Gaussian elimination with partial pivoting.
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < size; r++) {
      const factor = a[r][col] / a[col][col];
      for (let c = col; c < size; c++) a[r][c] -= factor * a[col][c];
      b[r] -= factor * b[col];
    }
  }
  const x = new Array<number>(size).fill(0);
  for (let r = size - 1; r >= 0; r--) x[r] = (b[r] - a[r].slice(r + 1).reduce((s, v, j) => s + v * x[r + 1 + j], 0)) / a[r][r];
  return x;
}

describe('foldInUser', () => {
  it('matches a direct regularised least-squares solve (biased MF)', () => {
    const w = weightsWithBiases(3);
    const ratings = [
      { movie: 0, rating: 4.5 },
      { movie: 3, rating: 2 },
      { movie: 5, rating: 3.5 },
      { movie: 7, rating: 5 },
      { movie: 11, rating: 1 },
    ];
    const lambda = 0.1;
    const folded = foldInUser(w, ratings, lambda, true);
    const z = ratings.map(({ movie }) => [...w.movieFactors.slice(movie * 3, movie * 3 + 3), 1]);
    const y = ratings.map(({ movie, rating }) => rating - w.globalMean - w.movieBias[movie]);
    const expected = directRidge(z, y, lambda * ratings.length);
    [...folded.factors, folded.bias].forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
  });

  it('matches the direct solve for plain MF (no bias, no μ)', () => {
    const w = { ...weightsWithBiases(4), globalMean: 0 };
    const ratings = [
      { movie: 1, rating: 4 },
      { movie: 2, rating: 1.5 },
      { movie: 9, rating: 3 },
    ];
    const folded = foldInUser(w, ratings, 0.2, false);
    const z = ratings.map(({ movie }) => [...w.movieFactors.slice(movie * 3, movie * 3 + 3)]);
    const expected = directRidge(
      z,
      ratings.map((r) => r.rating),
      0.2 * 3,
    );
    [...folded.factors].forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    expect(folded.bias).toBe(0);
  });

  it('recovers a training user from their own (noise-free) ratings', () => {
    const w = weightsWithBiases(5);
    const user = 1;
    const truth = scoreAllMoviesMf(w, user);
    const ratings = Array.from(truth, (rating, movie) => ({ movie, rating }));
    const folded = foldInUser(w, ratings, 0, true);
    const scores = scoreMoviesForVector(w, folded.factors, folded.bias);
    scores.forEach((s, i) => expect(s).toBeCloseTo(truth[i], 3));
  });

  it('predicts higher for movies like the ones rated high', () => {
    const w = weightsWithBiases(6);
    const liked = 2;
    const similarity = cosineToAll(w, liked);
    const mostSimilar = Array.from(similarity.keys())
      .filter((i) => i !== liked)
      .sort((a, b) => similarity[b] - similarity[a]);
    const person = foldInUser(
      w,
      [
        { movie: liked, rating: 5 },
        { movie: mostSimilar[mostSimilar.length - 1], rating: 0.5 },
      ],
      0.05,
      true,
    );
    const scores = scoreMoviesForVector(w, person.factors, person.bias);
    expect(scores[mostSimilar[0]] - w.movieBias[mostSimilar[0]]).toBeGreaterThan(
      scores[mostSimilar[mostSimilar.length - 2]] - w.movieBias[mostSimilar[mostSimilar.length - 2]],
    );
  });

  it('gives a zero vector for no ratings', () => {
    const folded = foldInUser(weightsWithBiases(1), [], 0.1, true);
    expect(Array.from(folded.factors)).toEqual([0, 0, 0]);
    expect(folded.bias).toBe(0);
  });
});

describe('solveSymmetricPositiveDefinite', () => {
  it('solves a 2 × 2 system by hand', () => {
    // [4 2; 2 3] x = [2; 1] → x = [0.5, 0]
    const x = solveSymmetricPositiveDefinite(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
    expect(() => solveSymmetricPositiveDefinite(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toThrow(RangeError);
  });
});

describe('scoreBreakdown', () => {
  it('has parts that add up to the prediction', () => {
    const w = weightsWithBiases(7);
    for (let user = 0; user < 4; user++) {
      const scores = scoreAllMoviesMf(w, user);
      for (let movie = 0; movie < 12; movie++) {
        const parts = scoreBreakdown(w, userFactorsOf(w, user), w.userBias[user], movie);
        expect(parts.globalMean + parts.userBias + parts.movieBias + parts.tasteMatch).toBeCloseTo(parts.total, 6);
        expect(parts.total).toBeCloseTo(scores[movie], 5);
        expect(parts.userBias).toBeCloseTo(w.userBias[user], 6);
      }
    }
  });
});

describe('cosineToAll', () => {
  it('is 1 for the movie itself, −1 for its opposite, by hand for a pair', () => {
    const w: MatrixFactorizationWeights = {
      userCount: 1,
      movieCount: 4,
      factors: 2,
      globalMean: 0,
      userFactors: new Float32Array(2),
      movieFactors: Float32Array.of(1, 0, -2, 0, 1, 1, 0, 0),
      userBias: new Float32Array(1),
      movieBias: new Float32Array(4),
    };
    const similarity = cosineToAll(w, 0);
    expect(similarity[0]).toBeCloseTo(1, 6);
    expect(similarity[1]).toBeCloseTo(-1, 6);
    expect(similarity[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(similarity[3]).toBe(0); // a zero vector is similar to nothing
  });
});

describe('minimumRatingsFor', () => {
  it('is the mean ratings per movie, between 5 and 50', () => {
    expect(minimumRatingsFor(Int32Array.of(1, 2, 3))).toBe(5);
    expect(minimumRatingsFor(Int32Array.of(10, 20, 30))).toBe(20);
    expect(minimumRatingsFor(Int32Array.of(1000, 2000))).toBe(50);
  });
});
