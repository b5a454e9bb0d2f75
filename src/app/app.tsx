import { useEffect, useState } from 'react';
import { DataImportPanel, type LoadedDataset } from '../features/data-import/data-import-panel';
import { ForYouPanel } from '../features/recommend/for-you-panel';
import { TopPicksPanel } from '../features/recommend/top-picks-panel';
import { TrainingPanel } from '../features/training/training-panel';
import type { RecommenderClient } from '../lib/recommender-client';
import { DEFAULT_TRAINING_CONFIG } from '../lib/training-defaults';
import type { BackendInfo, ModelOutcome } from '../worker/api';
import { ModelFilePanel } from '../features/training/model-file-panel';
import { DebugInfo } from './debug-info';

/** Composes the three steps; owns only which dataset and model are current. */
export function App({ client }: { readonly client: RecommenderClient }) {
  const [backend, setBackend] = useState<BackendInfo>();
  const [backendError, setBackendError] = useState<string>();
  const [loaded, setLoaded] = useState<LoadedDataset>();
  const [datasetVersion, setDatasetVersion] = useState(0);
  const [modelVersion, setModelVersion] = useState(0);
  const [training, setTraining] = useState(false);
  const [restoredModel, setRestoredModel] = useState<Extract<ModelOutcome, { ok: true }>>();

  useEffect(() => {
    let cancelled = false;
    // The dataset of the last visit, from this browser's storage: no re-import after a reload.
    void client.restoreLastDataset().then(async (outcome) => {
      if (cancelled || !outcome?.ok) return;
      setLoaded({ summary: outcome.summary, report: outcome.report, fromCache: true, seconds: outcome.seconds });
      setDatasetVersion((v) => v + 1);
      // And the model trained on it last time (saved after every epoch).
      const restored = await client.restoreModel();
      if (!cancelled && restored?.ok) {
        setRestoredModel(restored);
        setModelVersion((v) => v + 1);
      }
    });
    client.initBackend().then(
      (info) => !cancelled && setBackend(info),
      (error: unknown) => !cancelled && setBackendError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  return (
    <main className="app">
      <header className="app__header">
        <h1>Movie recommender</h1>
        <p>
          Trains a matrix-factorization model on your GPU, in this tab. Your files and ratings never leave your machine.
        </p>
      </header>
      {backendError && (
        <div role="alert" className="alert alert--error">
          No TensorFlow.js backend could start: {backendError}
        </div>
      )}
      <DataImportPanel
        client={client}
        loaded={loaded}
        disabled={training}
        onLoaded={(next) => {
          setLoaded(next);
          setDatasetVersion((v) => v + 1);
          setModelVersion(0);
          setRestoredModel(undefined);
        }}
        onForgotten={() => {
          setRestoredModel(undefined);
          setLoaded(undefined);
          setDatasetVersion((v) => v + 1);
          setModelVersion(0);
        }}
      />
      <TrainingPanel
        client={client}
        backend={backend}
        datasetVersion={datasetVersion}
        hasData={loaded !== undefined}
        defaults={DEFAULT_TRAINING_CONFIG}
        onTrainingChange={setTraining}
        onModelReady={() => {
          setRestoredModel(undefined);
          setModelVersion((v) => v + 1);
        }}
      />
      <section className="panel">
        <ModelFilePanel
          client={client}
          hasData={loaded !== undefined}
          hasModel={modelVersion > 0}
          disabled={training}
          restored={restoredModel}
          onModelLoaded={() => setModelVersion((v) => v + 1)}
        />
      </section>
      <TopPicksPanel client={client} summary={loaded?.summary} modelVersion={training ? 0 : modelVersion} />
      <ForYouPanel client={client} datasetVersion={datasetVersion} hasData={loaded !== undefined} modelVersion={training ? 0 : modelVersion} />
      <DebugInfo client={client} refreshKey={`${datasetVersion}:${modelVersion}:${training}`} />
    </main>
  );
}
