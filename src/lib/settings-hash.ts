/**
 * A run's settings in the URL hash ("#model=biased-mf&optimizer=gibbs&k=32&…&seed=7"), so a link
 * reproduces the run on the same data. Read back strictly: every value is checked against the
 * form's own ranges and choices, and one that is not valid is left at the default.
 */
import type { ModelKind, OptimizerKind, RankerKind, ScheduleKind, TrainingConfig } from './training-defaults';
import { MODEL_LABELS, OPTIMIZER_LABELS, optimizersFor, RANKER_LABELS, SETTING_RANGES } from './training-defaults';

type NumberSetting = keyof typeof SETTING_RANGES;

/** Hash names of the numeric settings: short, as people would type them. */
const NUMBER_NAMES: Readonly<Record<NumberSetting, string>> = {
  epochs: 'epochs',
  factors: 'k',
  learningRate: 'lr',
  batchSize: 'batch',
  regularization: 'reg',
  earlyStoppingPatience: 'patience',
  validationFraction: 'validation',
};

export function settingsToHash(config: TrainingConfig): string {
  const params = new URLSearchParams();
  params.set('model', config.model);
  params.set('optimizer', config.optimizer);
  for (const key of Object.keys(NUMBER_NAMES) as NumberSetting[]) params.set(NUMBER_NAMES[key], String(config[key]));
  params.set('schedule', config.schedule);
  params.set('ranker', config.ranker);
  if (config.rankerSettings?.iterations !== undefined) params.set('ials-sweeps', String(config.rankerSettings.iterations));
  if (config.model === 'mlp') params.set('hidden', config.hiddenLayers.join('-'));
  params.set('refit', config.refit ? '1' : '0');
  params.set('test', String(config.testFraction));
  params.set('seed', String(config.seed));
  if (config.engine && config.engine !== 'auto') params.set('engine', config.engine);
  return params.toString();
}

function oneOf<T extends string>(value: string | null, choices: readonly T[]): T | undefined {
  return choices.find((choice) => choice === value);
}

function numberIn(value: string | null, min: number, max: number, integer: boolean): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)) ? n : undefined;
}

/** The settings a hash names, over `base`; undefined when it names none. */
export function settingsFromHash(hash: string, base: TrainingConfig): TrainingConfig | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (![...params.keys()].length) return undefined;
  let config: TrainingConfig = { ...base };
  const model = oneOf(params.get('model'), Object.keys(MODEL_LABELS) as ModelKind[]) ?? base.model;
  const optimizer = oneOf(params.get('optimizer'), Object.keys(OPTIMIZER_LABELS) as OptimizerKind[]);
  config = {
    ...config,
    model,
    optimizer:
      optimizer && optimizersFor(model).includes(optimizer)
        ? optimizer
        : optimizersFor(model).includes(base.optimizer)
          ? base.optimizer
          : 'adam',
  };
  for (const key of Object.keys(NUMBER_NAMES) as NumberSetting[]) {
    const { min, max, integer } = SETTING_RANGES[key];
    const value = numberIn(params.get(NUMBER_NAMES[key]), min, max, integer);
    if (value !== undefined) config = { ...config, [key]: value };
  }
  const schedule = oneOf(params.get('schedule'), ['constant', 'bold-driver'] as const satisfies readonly ScheduleKind[]);
  const ranker = oneOf(params.get('ranker'), Object.keys(RANKER_LABELS) as RankerKind[]);
  const sweeps = numberIn(params.get('ials-sweeps'), 1, 100, true);
  const hidden = params
    .get('hidden')
    ?.split('-')
    .map((w) => numberIn(w, 1, 1024, true));
  const refit = params.get('refit');
  const testFraction = numberIn(params.get('test'), 0.01, 0.99, false);
  const seed = numberIn(params.get('seed'), 0, 0xffff_ffff, true);
  const engine = oneOf(params.get('engine'), ['auto', 'webgpu', 'cpu'] as const);
  return {
    ...config,
    schedule: schedule ?? config.schedule,
    ranker: ranker ?? config.ranker,
    rankerSettings: sweeps !== undefined ? { ...config.rankerSettings, iterations: sweeps } : config.rankerSettings,
    hiddenLayers: hidden && hidden.length > 0 && hidden.every((w) => w !== undefined) ? (hidden as number[]) : config.hiddenLayers,
    refit: refit === '1' ? true : refit === '0' ? false : config.refit,
    testFraction: testFraction ?? config.testFraction,
    seed: seed ?? config.seed,
    ...(engine && { engine }),
  };
}
