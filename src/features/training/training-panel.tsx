import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { TrainingConfig, SplitSettings } from '../../worker/api';
import { dataKeyOf } from '../../lib/runs';
import { settingsFromHash, settingsToHash } from '../../lib/settings-hash';
import { adapterKindOf, chooseEngines } from '../../lib/training-defaults';
import { RunsTable } from '../runs/runs-table';
import { useRuns } from '../runs/use-runs';
import { RankingChart, RmseChart } from './lazy-charts';
import { RankerTable } from './ranker-table';
import { RankingTable } from './ranking-table';
import { MetricsTable } from './metrics-table';
import { TrainingForm } from './training-form';
import { keptModelNote, rankerStatus, secondsPerSweep } from './training-status-text';
import { formValuesFrom, parseTrainingForm } from './training-form-values';
import { LiveTrainingProgress } from './training-progress';
import { useTrainingRun, type TrainingRunOptions, type TrainingState } from './use-training-run';

export type { TrainingState } from './use-training-run';

/** The run's options (client, backend, dataset, the callbacks) come from the panel; its runs list
 * the panel makes for the dataset. */
interface TrainingPanelProps extends Omit<TrainingRunOptions, 'runs'> {
  readonly defaults: TrainingConfig;
  /** A new number starts a training with the form as it is (Try it with demo data). */
  readonly autoStart?: number;
  /** Where Train / Stop, the status and the progress go (the top bar on a wide screen); null: in the panel. */
  readonly controlsIn?: HTMLElement | null;
  /** The split the shown model was trained on (or the form's, before one): an imported model is
   * ranked on it and the dataset export holds it out. */
  readonly onSplitChange?: (split: SplitSettings) => void;
}

export function TrainingPanel({
  client,
  backend,
  dataset,
  defaults,
  onTrainingChange,
  onModelReady,
  onPicksReady,
  autoStart,
  controlsIn,
  onSplitChange,
}: TrainingPanelProps) {
  const hasData = dataset !== undefined;
  // Settings in the URL hash (a shared link) start the form; the seed and split come with them.
  const [linked] = useState(() => settingsFromHash(location.hash, defaults));
  const [values, setValues] = useState(() => formValuesFrom(linked ?? defaults));
  // What the form does not show but a run is made of: seed, test share, refit.
  const [hidden, setHidden] = useState(() => pickHidden(linked ?? defaults));
  const runs = useRuns(dataset ? dataKeyOf(dataset.summary) : undefined);
  const [formError, setFormError] = useState<string>();
  const { current, progressStore, start, stop } = useTrainingRun({
    client,
    backend,
    dataset,
    runs,
    onTrainingChange,
    onModelReady,
    onPicksReady,
  });
  const state: TrainingState = current?.state ?? 'idle';

  // New data may come with other starting settings (larger batches for a large set): fields the
  // person has not changed follow them, edited ones stay.
  const shownDefaults = useRef(defaults);
  useEffect(() => {
    const before = formValuesFrom(shownDefaults.current).numbers;
    const after = formValuesFrom(defaults).numbers;
    shownDefaults.current = defaults;
    setValues((v) => {
      const numbers = { ...v.numbers };
      for (const field of ['batchSize', 'learningRate'] as const) if (numbers[field] === before[field]) numbers[field] = after[field];
      return { ...v, numbers };
    });
  }, [defaults]);

  const comparedTo = current?.config ?? parseTrainingFormOr(values, { ...defaults, ...hidden });
  const { testFraction, seed } = comparedTo;
  useEffect(() => onSplitChange?.({ testFraction, seed }), [testFraction, seed, onSplitChange]);
  const overlays = runs.overlays(comparedTo, current !== undefined);

  // Each autoStart number starts one training, once its dataset is there (StrictMode runs
  // effects twice: the ref keeps it to one).
  const startedFor = useRef<number>(undefined);
  useEffect(() => {
    if (autoStart === undefined || startedFor.current === autoStart || !dataset || state === 'training') return;
    startedFor.current = autoStart;
    void startTraining(false);
  });

  /** Trains afresh, or (resume) goes on from the last saved epoch with the failed run's settings. */
  async function startTraining(resume = false) {
    const parsed =
      resume && current?.config ? { ok: true as const, config: current.config } : parseTrainingForm(values, { ...defaults, ...hidden });
    if (!parsed.ok) {
      setFormError(parsed.message);
      return;
    }
    if (!dataset) return;
    setFormError(undefined);
    return start(parsed.config, resume);
  }

  const kept = current?.result;
  const keptNote = kept && kept.keptEpoch > 0 ? keptModelNote(kept, current?.history.length ?? 0) : '';
  const statusText: Record<TrainingState, string> = {
    idle: hasData ? 'Ready to train.' : 'Load data to train.',
    training:
      current?.ranker && !current.engine
        ? rankerStatus(current.ranker.history, current.ranker.start.iterations)
        : (current?.history.length ?? 0) < (current?.epochs ?? 0)
          ? `Training… epoch ${(current?.history.length ?? 0) + 1} of ${current?.epochs ?? 0}`
          : 'Training… measuring the ranking on the test split',
    done: `Done: ${current?.history.length ?? 0} epochs${keptNote}.`,
    stopped: `Stopped after ${current?.history.length ?? 0} full epoch${current?.history.length === 1 ? '' : 's'}${keptNote || '; the model trained so far is kept'}.`,
    error: 'Training failed.',
  };

  // Which engines run, from the adapter (engine-choice.ts): on a software GPU, iALS and Gibbs on the CPU.
  const engineNote = backend && chooseEngines(adapterKindOf(backend), comparedTo.engine).note;
  // Train / Stop, the status, the running progress and the backend: in the top bar on a wide
  // screen (controlsIn), else right under the settings they start.
  const controls = (
    <div className="run-controls">
      <div className="actions">
        <button
          type="button"
          // Not the primary action before there is data: then that is loading it.
          className={`button${hasData ? ' button--primary' : ''}`}
          data-testid="train"
          disabled={!hasData || state === 'training'}
          onClick={() => void startTraining(false)}
        >
          Train
        </button>
        <button type="button" className="button" data-testid="stop" disabled={state !== 'training'} onClick={stop}>
          Stop
        </button>
        <span data-testid="training-status" data-state={state} role="status" className={`status status--${state}`}>
          {statusText[state]}
        </span>
      </div>
      {state === 'training' && <LiveTrainingProgress store={progressStore} />}
      <p className="backend-line">
        Runs on{' '}
        <strong data-testid="backend" title={backend?.fallbackReasons.join('\n')}>
          {backend?.backend ?? '…'}
        </strong>
        {backend && backend.backend !== 'webgpu' && (
          <span className="hint"> (WebGPU is not available here: {backend.fallbackReasons[0]}; training is slower.)</span>
        )}
        {engineNote && <span className="hint"> · {engineNote}</span>}
      </p>
    </div>
  );

  return (
    <section className="panel" aria-labelledby="training-heading">
      <div className="panel-head">
        <h2 id="training-heading">2. Train</h2>
      </div>
      <TrainingForm values={values} disabled={state === 'training'} onChange={setValues} />
      {controlsIn ? createPortal(controls, controlsIn) : controls}
      {formError && (
        <div role="alert" className="alert alert--error">
          {formError}
        </div>
      )}
      {current?.failure && (
        <div role="alert" className="alert alert--error">
          <strong>Training failed:</strong> {current.failure.message}{' '}
          {(current.failure.resumableEpoch ?? 0) > 0 && (
            <button type="button" className="button" data-testid="resume" onClick={() => void startTraining(true)}>
              Resume from the last saved epoch
            </button>
          )}
        </div>
      )}
      {current?.split && (
        <p className="hint">
          {current.split.train.toLocaleString('en-US')} ratings to train on, {current.split.test.toLocaleString('en-US')} held out for the
          test RMSE
          {current.engine && (
            <>
              {' '}
              · engine <span data-testid="engine">{current.engine.name}</span>
            </>
          )}
          .
        </p>
      )}
      {current?.engine?.note && <p className="hint">{current.engine.note}</p>}
      {hasData || current ? (
        <RmseChart
          history={current?.history ?? []}
          baselineTestRmse={current?.baselineTestRmse}
          totalEpochs={current?.epochs ?? Number(values.numbers.epochs)}
          overlays={overlays}
        />
      ) : (
        // The chart (and the script that draws it) comes with the data; until then, its place.
        <div className="chart-placeholder chart-placeholder--empty" style={{ height: 272 }}>
          <p className="hint">Load data and train: the train, validation and test RMSE curves are drawn here, epoch by epoch.</p>
        </div>
      )}
      <RunsTable
        runs={runs.here}
        currentRunId={current ? runs.currentId : undefined}
        overlayIds={runs.overlayIds}
        disabled={state === 'training'}
        onToggleOverlay={runs.toggleOverlay}
        onRestore={(restored) => {
          setValues(formValuesFrom(restored.config));
          setHidden(pickHidden(restored.config));
          window.history.replaceState(null, '', `#${settingsToHash(restored.config)}`);
        }}
        onClear={runs.clear}
      />
      {/* The chart's numbers; open by default (it is the chart's text alternative), folds away. */}
      <details className="epoch-table" open>
        <summary>Per-epoch figures{current && current.history.length > 0 ? ` (${current.history.length} epochs)` : ''}</summary>
        <MetricsTable
          history={current?.history ?? []}
          baselineTestRmse={current?.baselineTestRmse}
          showLearningRate={current?.config?.optimizer !== 'gibbs'}
        />
      </details>
      {(current?.ranker || (hasData && (current?.config ?? defaults).ranker !== 'none')) && (
        <>
          {current?.ranker && (
            <p className="hint">
              Ranking model: iALS on <span data-testid="ranker-engine">{current.ranker.start.engine}</span>
              {current.ranker.start.note ? ` (${current.ranker.start.note})` : ''}, followed on{' '}
              {current.ranker.start.validationCount.toLocaleString('en-US')} validation ratings carved from the training ratings
              {secondsPerSweep(current.ranker.history)}.
            </p>
          )}
          <RankingChart
            history={current?.ranker?.history ?? []}
            popularityNdcg={current?.ranker?.start.popularity.ndcgAtK}
            totalIterations={current?.ranker?.start.iterations ?? 16}
          />
          <RankerTable history={current?.ranker?.history ?? []} />
        </>
      )}
      {current?.ranking && <RankingTable ranking={current.ranking} />}
    </section>
  );
}

/** The settings of a run that the form does not show. */
function pickHidden(config: TrainingConfig): Pick<TrainingConfig, 'seed' | 'testFraction' | 'refit' | 'engine'> {
  return { seed: config.seed, testFraction: config.testFraction, refit: config.refit, ...(config.engine && { engine: config.engine }) };
}

/** The config the form describes, or `base` while a field is invalid (for overlay labels). */
function parseTrainingFormOr(values: Parameters<typeof parseTrainingForm>[0], base: TrainingConfig): TrainingConfig {
  const parsed = parseTrainingForm(values, base);
  return parsed.ok ? parsed.config : base;
}
