/** Small dense float64 linear algebra for k × k systems (k ≤ a few hundred), row-major. */

/** L with A = L Lᵀ (lower triangle, row-major size × size; the upper triangle is zero). */
export function choleskyLower(a: ArrayLike<number>, size: number, l: Float64Array = new Float64Array(size * size)): Float64Array {
  // Only the lower triangle of `l` is written and read: a reused `l` needs no clearing.
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * size + j]!;
      for (let p = 0; p < j; p++) sum -= l[i * size + p]! * l[j * size + p]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('matrix is not positive definite');
        l[i * size + i] = Math.sqrt(sum);
      } else {
        l[i * size + j] = sum / l[j * size + j]!;
      }
    }
  }
  return l;
}

/** y with L y = b. */
export function solveLower(l: Float64Array, b: ArrayLike<number>, size: number, y: Float64Array = new Float64Array(size)): Float64Array {
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let p = 0; p < i; p++) sum -= l[i * size + p]! * y[p]!;
    y[i] = sum / l[i * size + i]!;
  }
  return y;
}

/** x with Lᵀ x = y. */
export function solveLowerTransposed(
  l: Float64Array,
  y: ArrayLike<number>,
  size: number,
  x: Float64Array = new Float64Array(size),
): Float64Array {
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let p = i + 1; p < size; p++) sum -= l[p * size + i]! * x[p]!;
    x[i] = sum / l[i * size + i]!;
  }
  return x;
}

/** x with A x = b for symmetric positive definite A (Cholesky). */
export function solveSymmetricPositiveDefinite(a: Float64Array, b: Float64Array, size: number): Float64Array {
  const l = choleskyLower(a, size);
  return solveLowerTransposed(l, solveLower(l, b, size), size);
}

/** A⁻¹ for symmetric positive definite A, symmetrised. */
export function inverseSymmetricPositiveDefinite(a: ArrayLike<number>, size: number): Float64Array {
  const l = choleskyLower(a, size);
  const inverse = new Float64Array(size * size);
  const unit = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    unit.fill(0);
    unit[c] = 1;
    const column = solveLowerTransposed(l, solveLower(l, unit, size), size);
    for (let r = 0; r < size; r++) inverse[r * size + c] = column[r]!;
  }
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < r; c++) {
      const mean = (inverse[r * size + c]! + inverse[c * size + r]!) / 2;
      inverse[r * size + c] = mean;
      inverse[c * size + r] = mean;
    }
  }
  return inverse;
}

/** The mean x̄ and scatter Σ (x − x̄)(x − x̄)ᵀ (full, row-major, float64) of `count` rows of
 * `width` values in `table` (row-major). Zero deviations are skipped: taste vectors are often sparse. */
export function meanAndScatter(table: Float32Array, count: number, width: number): { mean: Float64Array; scatter: Float64Array } {
  const mean = new Float64Array(width);
  for (let r = 0; r < count; r++) for (let a = 0; a < width; a++) mean[a]! += table[r * width + a]!;
  for (let a = 0; a < width; a++) mean[a]! /= Math.max(1, count);
  const scatter = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (let r = 0; r < count; r++) {
    for (let a = 0; a < width; a++) centred[a] = table[r * width + a]! - mean[a]!;
    for (let a = 0; a < width; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = 0; b <= a; b++) scatter[a * width + b]! += ca * centred[b]!;
    }
  }
  // Summed in the lower triangle (half the work) and mirrored.
  for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) scatter[b * width + a] = scatter[a * width + b]!;
  return { mean, scatter };
}
