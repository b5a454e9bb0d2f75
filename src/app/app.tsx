import { useMemo, useState } from 'react';
import { DataImportPanel } from '../features/data-import/data-import-panel';
import { ForYouPanel } from '../features/recommend/for-you-panel';
import { RankedBySelect } from '../features/recommend/ranked-by-select';
import { TopPicksPanel } from '../features/recommend/top-picks-panel';
import { ModelFilePanel } from '../features/training/model-file-panel';
import { TrainingPanel } from '../features/training/training-panel';
import type { DroppedModel } from '../lib/dropped-files';
import type { RecommenderClient } from '../lib/recommender-client';
import { EMPTY_SESSION, type SessionSnapshot } from '../lib/session-snapshot';
import { DEFAULT_TRAINING_CONFIG, sizedDefaults, trainingRatingCount } from '../lib/training-defaults';
import { useTheme } from '../lib/theme';
import { useMediaQuery } from '../lib/use-media-query';
import { useWorkerAnswer } from '../lib/use-worker-answer';
import type { FirstPicksPhase, RankedBy, SplitSettings } from '../worker/api';
import { FirstPicksNote } from '../features/recommend/first-picks-note';
import { DebugInfo } from './debug-info';
import { ErrorBoundary } from './error-boundary';
import { ThemeToggle } from './theme-toggle';

/** What the last visit left in this browser: its dataset and the model trained on it. */
async function restoreLastSession(client: RecommenderClient): Promise<SessionSnapshot> {
  const dataset = await client.restoreLastDataset();
  if (!dataset.ok) return EMPTY_SESSION;
  const model = await client.restoreModel();
  return { dataset, model: model.ok ? model : undefined, ranker: await client.rankerInfo() };
}

/** The width from which the workspace shows its panes side by side (app.css says the same). */
const WIDE_QUERY = '(min-width: 1200px)';

/** Composes the steps; owns only the snapshot of the worker's dataset and model. */
export function App({ client }: { readonly client: RecommenderClient }) {
  const backend = useWorkerAnswer('backend', () => client.initBackend());
  const restored = useWorkerAnswer('restore', () => restoreLastSession(client));
  // Set by this page's own imports, trainings and model files; until then, what was restored.
  const [chosen, setChosen] = useState<SessionSnapshot>();
  const [training, setTraining] = useState(false);
  const [rankedBy, setRankedBy] = useState<RankedBy>('match');
  const [theme, setTheme] = useTheme();
  // Try it with demo data: load, then train (autoStart), then show a sample user's picks.
  const [autoStart, setAutoStart] = useState<number>();
  const [tryingDemo, setTryingDemo] = useState(false);
  const [suggestedUser, setSuggestedUser] = useState<{ readonly userId: string }>();
  const session = chosen ?? restored ?? EMPTY_SESSION;
  // On a wide screen the top bar holds the data and the run (Train / Stop, progress, backend).
  const wide = useMediaQuery(WIDE_QUERY);
  const [runBar, setRunBar] = useState<HTMLElement | null>(null);
  const { dataset, model, ranker } = session;
  // Which early model lists the picks while the training goes on (undefined: none yet, or final).
  const [picksPhase, setPicksPhase] = useState<FirstPicksPhase>();
  // While a model trains, the old one is gone: the lists wait for the first picks of the new one.
  const usableModel = training && !picksPhase ? undefined : model;
  const order = { rankedBy: ranker ? rankedBy : ('rating' as const), rankerId: ranker?.rankerId };
  // A large training set on a GPU starts with larger batches (sizedDefaults): the ratings it trains on.
  const trainCount = dataset ? trainingRatingCount(dataset.summary, DEFAULT_TRAINING_CONFIG.testFraction) : 0;
  const hardwareGpu = backend?.ok === true && backend.backend === 'webgpu' && backend.softwareGpu === false;
  const trainingDefaults = useMemo(() => sizedDefaults(trainCount, { hardwareGpu }), [trainCount, hardwareGpu]);
  // The split the training panel shows (its model's, or the form's): imports are ranked on it.
  const [split, setSplit] = useState<SplitSettings>();
  // A model dropped on the data zone (with its dataset, or after it): the model card imports it.
  const [droppedModel, setDroppedModel] = useState<{ readonly model: DroppedModel; readonly key: number }>();

  return (
    <main className="app">
      <header className="app__header">
        <h1>Movie recommender</h1>
        <p>Trains a matrix-factorization model on your GPU, in this tab. Your files and ratings never leave your machine.</p>
        <ThemeToggle theme={theme} onChange={setTheme} />
      </header>
      {backend && !backend.ok && (
        <div role="alert" className="alert alert--error">
          {backend.message}
        </div>
      )}
      <ErrorBoundary>
        <div className="topbar">
          <DataImportPanel
            client={client}
            loaded={dataset}
            disabled={training}
            onLoaded={(next, tryDemo) => {
              setChosen({ dataset: next, model: undefined, ranker: undefined });
              setTryingDemo(tryDemo === true);
              if (tryDemo) setAutoStart((n) => (n ?? 0) + 1);
            }}
            onForgotten={() => setChosen(EMPTY_SESSION)}
            onModelDropped={(model) => setDroppedModel((shown) => ({ model, key: (shown?.key ?? 0) + 1 }))}
          />
          {wide && <section ref={setRunBar} className="panel run-bar" aria-label="Training run" />}
        </div>
        <div className="workspace">
          <div className="pane pane--model">
            <TrainingPanel
              client={client}
              backend={backend?.ok ? backend : undefined}
              dataset={dataset}
              defaults={trainingDefaults}
              onTrainingChange={(running) => {
                setTraining(running);
                setPicksPhase(undefined);
                // The worker dropped the old model when training started.
                if (running) setChosen({ dataset, model: undefined, ranker: undefined });
              }}
              onPicksReady={(picks) => {
                // The ranking model trains first: its picks are listed while the rest trains.
                setChosen({ dataset, model: picks.model, ranker: picks.ranker });
                setPicksPhase(picks.phase);
                if (tryingDemo && dataset && !suggestedUser) setSuggestedUser({ userId: String(dataset.summary.userIdRange[0]) });
              }}
              onModelReady={(next, nextRanker) => {
                setChosen({ dataset, model: next, ranker: nextRanker });
                if (tryingDemo && dataset && !suggestedUser) setSuggestedUser({ userId: String(dataset.summary.userIdRange[0]) });
                setTryingDemo(false);
              }}
              autoStart={autoStart}
              controlsIn={wide ? runBar : null}
              onSplitChange={setSplit}
            />
          </div>
          <div className="pane pane--picks">
            {/* Which score orders the lists, above them (it orders For you too). */}
            <RankedBySelect ranker={ranker} rankedBy={rankedBy} onChange={setRankedBy} />
            {training && picksPhase && <FirstPicksNote phase={picksPhase} />}
            <TopPicksPanel client={client} summary={dataset?.summary} model={usableModel} order={order} suggestedUser={suggestedUser} />
            <ForYouPanel client={client} dataset={dataset} model={usableModel} order={order} />
            <section className="panel" aria-label="Export and import">
              <ModelFilePanel
                client={client}
                dataset={dataset}
                model={model}
                ranker={ranker}
                disabled={training}
                onModelLoaded={(next) => setChosen({ dataset, model: next, ranker })}
                onRankerLoaded={(next) => setChosen({ dataset, model, ranker: next })}
                onExternalLoaded={(next, nextRanker) => setChosen({ dataset, model: next, ranker: nextRanker })}
                split={split ?? trainingDefaults}
                dropped={droppedModel}
              />
            </section>
          </div>
        </div>
        <DebugInfo client={client} refreshKey={`${dataset?.datasetId}:${model?.modelId}:${training}`} />
      </ErrorBoundary>
    </main>
  );
}
