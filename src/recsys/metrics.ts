/** Metrics take predictions and truth, never models (so any model, or a baseline, can be scored). */

/** Root mean squared error: sqrt(Σ (r̂ − r)² / n). NaN for empty input. */
export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) {
    throw new RangeError(`rmse: ${predicted.length} predictions for ${actual.length} ratings`);
  }
  if (actual.length === 0) return Number.NaN;
  let sumSquares = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = predicted[i]! - actual[i]!;
    sumSquares += diff * diff;
  }
  return Math.sqrt(sumSquares / actual.length);
}

/** Mean absolute error: Σ |r̂ − r| / n. NaN for empty input. */
export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) {
    throw new RangeError(`mae: ${predicted.length} predictions for ${actual.length} ratings`);
  }
  if (actual.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(predicted[i]! - actual[i]!);
  return sum / actual.length;
}
