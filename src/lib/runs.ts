/**
 * Training runs of this browser: each training's settings, backend, duration, curves and final
 * figures, kept in localStorage so that they survive a reload, compared in the runs table and
 * overlaid on the chart. Plain data, no React.
 */
import type { EngineName, EpochMetrics, TrainingConfig } from '../worker/api';
import { MODEL_LABELS, OPTIMIZER_LABELS } from './training-defaults';

export interface RunCurvePoint {
  readonly epoch: number;
  readonly train: number;
  /** null where there was no validation carve (JSON has no NaN). */
  readonly validation: number | null;
  readonly test: number;
}

export interface RunRecord {
  /** 1, 2, … in the order the runs started (the runs table's `data-run`). */
  readonly id: number;
  /** Runs compare only on the same data: the dataset's name and size. */
  readonly dataKey: string;
  readonly datasetName: string;
  readonly config: TrainingConfig;
  readonly backend: string;
  readonly engine?: EngineName;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly state: 'done' | 'stopped' | 'error';
  readonly curve: readonly RunCurvePoint[];
  readonly final: {
    readonly trainRmse: number | null;
    readonly validationRmse: number | null;
    /** The reported test RMSE: the refit model's, for the epoch validation chose. */
    readonly testRmse: number | null;
    /** NDCG@10 of the picks as listed, on the test split, when it was measured. */
    readonly ndcgAt10: number | null;
  };
}

/** Runs kept: the oldest go first beyond this (each is a few kB). */
export const MAX_RUNS = 50;
/** Earlier runs the chart overlays at once. */
export const MAX_OVERLAYS = 4;
const STORAGE_KEY = 'movie-recommender.runs';

export function dataKeyOf(summary: { readonly name: string; readonly ratingCount: number }): string {
  return `${summary.name} · ${summary.ratingCount}`;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

export function curveOf(history: readonly EpochMetrics[]): RunCurvePoint[] {
  return history.map((m) => ({ epoch: m.epoch, train: m.trainRmse, validation: finite(m.validationRmse), test: m.testRmse }));
}

export function runFigures(
  history: readonly EpochMetrics[],
  result: { readonly keptEpoch: number; readonly reportedTestRmse: number; readonly validationRmse: number } | undefined,
  ndcgAt10: number | undefined,
): RunRecord['final'] {
  const kept = result && result.keptEpoch > 0 ? history[result.keptEpoch - 1] : history.at(-1);
  return {
    trainRmse: finite(kept?.trainRmse),
    validationRmse: finite(result?.validationRmse ?? kept?.validationRmse),
    testRmse: finite(result?.reportedTestRmse ?? kept?.testRmse),
    ndcgAt10: finite(ndcgAt10),
  };
}

export function loadRuns(): RunRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRunRecord) : [];
  } catch {
    return []; // unreadable or blocked storage: no earlier runs
  }
}

export function saveRuns(runs: readonly RunRecord[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(runs.slice(-MAX_RUNS)));
  } catch {
    // Full or blocked storage: the runs stay for this visit only.
  }
}

function isRunRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Partial<RunRecord>;
  return typeof run.id === 'number' && typeof run.dataKey === 'string' && typeof run.config === 'object' && Array.isArray(run.curve);
}

/** How a run's settings differ from another's, the way a person says it: "k 128, λ 0.05". */
export function settingsDifference(config: TrainingConfig, from: TrainingConfig): string {
  const parts: string[] = [];
  if (config.model !== from.model) parts.push(MODEL_LABELS[config.model]);
  if (config.optimizer !== from.optimizer) parts.push(OPTIMIZER_LABELS[config.optimizer]);
  const numbers: [keyof TrainingConfig, string][] = [
    ['factors', 'k'],
    ['regularization', 'λ'],
    ['learningRate', 'η'],
    ['batchSize', 'batch'],
    ['epochs', 'epochs'],
    ['earlyStoppingPatience', 'patience'],
    ['validationFraction', 'validation'],
    ['seed', 'seed'],
  ];
  for (const [key, label] of numbers) if (config[key] !== from[key]) parts.push(`${label} ${String(config[key])}`);
  if (config.schedule !== from.schedule) parts.push(config.schedule === 'bold-driver' ? 'bold driver' : 'constant rate');
  if (config.model === 'mlp' && config.hiddenLayers.join() !== from.hiddenLayers.join())
    parts.push(`layers ${config.hiddenLayers.join('-')}`);
  if (config.ranker !== from.ranker) parts.push(config.ranker === 'none' ? 'no ranker' : 'iALS');
  return parts.join(', ') || 'same settings';
}

/** A run's settings in short: "Biased MF, Gibbs sampling, k 32, 100 epochs". */
export function settingsSummary(config: TrainingConfig): string {
  const fitted =
    config.optimizer === 'gibbs' ? 'Gibbs' : `${OPTIMIZER_LABELS[config.optimizer]} η ${config.learningRate}, λ ${config.regularization}`;
  return `${MODEL_LABELS[config.model]}, ${fitted}, k ${config.factors}, ≤ ${config.epochs} epochs`;
}
