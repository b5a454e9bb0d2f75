import { useRef, useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import type { ExportOutcome, LoadedDataset, ModelInfo, RankerInfo } from '../../worker/api';

interface ModelFilePanelProps {
  readonly client: RecommenderClient;
  readonly dataset: LoadedDataset | undefined;
  readonly model: ModelInfo | undefined;
  readonly ranker: RankerInfo | undefined;
  readonly disabled: boolean;
  /** A rating model from a file is now current. */
  readonly onModelLoaded: (model: ModelInfo) => void;
  /** A ranking model from a file is now current. */
  readonly onRankerLoaded: (ranker: RankerInfo) => void;
}

/** Export the trained model as one file; import one (checked against the loaded data). */
export function ModelFilePanel({ client, dataset, model, ranker, disabled, onModelLoaded, onRankerLoaded }: ModelFilePanelProps) {
  const hasData = dataset !== undefined;
  const hasModel = model !== undefined;
  // The model the page restored at start, to say so.
  const restored = model?.source === 'restored' ? model : undefined;
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const fileInput = useRef<HTMLInputElement>(null);

  async function exportModel(which: 'model' | 'ranker') {
    const exported: ExportOutcome = which === 'model' ? await client.exportModel() : await client.exportRanker();
    if (!exported.ok) {
      setMessage({ text: exported.message, error: true });
      return;
    }
    // A download made here, from bytes in memory: nothing is uploaded.
    const url = URL.createObjectURL(new Blob([exported.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = exported.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage({ text: `Saved ${exported.fileName}.`, error: false });
  }

  async function importModel(file: File | undefined) {
    if (!file) return;
    const outcome = await client.importModel(file);
    if (outcome.ok && outcome.model) {
      const imported = outcome.model;
      setMessage({
        text: `Imported ${file.name}: ${imported.kind}, ${imported.epochs} epochs, test RMSE ${imported.bestTestRmse.toFixed(4)}.`,
        error: false,
      });
      onModelLoaded(imported);
    } else if (outcome.ok && outcome.ranker) {
      const imported = outcome.ranker;
      setMessage({
        text: `Imported ${file.name}: ranking model iALS, k ${imported.factors}, ${imported.iterations} sweeps.`,
        error: false,
      });
      onRankerLoaded(imported);
    } else if (!outcome.ok) {
      setMessage({ text: outcome.message, error: true });
    }
  }

  return (
    <div className="model-file">
      <button
        type="button"
        className="button"
        data-testid="export-model"
        disabled={!hasModel || disabled}
        onClick={() => void exportModel('model')}
      >
        Export model
      </button>
      <button
        type="button"
        className="button"
        data-testid="export-ranker"
        disabled={ranker === undefined || disabled}
        onClick={() => void exportModel('ranker')}
      >
        Export ranker
      </button>
      {/* Not a <label>: the page's one control labelled "Model" is the model select (the UI
          contract finds it by that label, and labels match as substrings). */}
      <button type="button" className="button" disabled={!hasData || disabled} onClick={() => fileInput.current?.click()}>
        Import model…
      </button>
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        accept=".mrmodel,application/octet-stream"
        data-testid="model-input"
        disabled={!hasData || disabled}
        onChange={(event) => {
          void importModel(event.currentTarget.files?.[0]);
          event.currentTarget.value = '';
        }}
      />
      {restored && !message && (
        <span className="hint" role="status">
          Model restored from this browser: {restored.kind}, {restored.epochs} epochs, test RMSE {restored.bestTestRmse.toFixed(4)}.
        </span>
      )}
      {message && (
        <span className={message.error ? 'alert alert--error' : 'hint'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
