// The one formatter of import problems lives beside ImportProblem (pure, no tfjs), so the
// worker's error messages and the UI's alerts read the same.
export { formatProblem } from '../recsys/import/import-problem';

/** What the ranking model is called in labels: iALS when trained here, else the engine's ALS. */
export function rankingModelName(engine: 'spark' | 'implicit' | undefined): string {
  if (engine === 'spark') return 'Spark ALS, imported';
  if (engine === 'implicit') return 'implicit ALS, imported';
  return 'iALS';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRmse(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : '–';
}
