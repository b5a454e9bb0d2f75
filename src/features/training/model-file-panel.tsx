import { useEffect, useId, useRef, useState } from 'react';
import type { DroppedModel } from '../../lib/dropped-files';
import type { RecommenderClient } from '../../lib/recommender-client';
import { rankingModelName } from '../../lib/format';
import type {
  ExportFormat,
  ExportOutcome,
  ExternalModelOutcome,
  ImportProgress,
  LoadedDataset,
  ModelInfo,
  RankerInfo,
  RankingEvaluation,
  SplitSettings,
} from '../../worker/api';
import { RankingTable } from './ranking-table';

const FORMATS: readonly { readonly value: ExportFormat; readonly label: string }[] = [
  { value: 'app', label: 'App model (.mrmodel)' },
  { value: 'spark', label: 'Spark ALSModel (.zip)' },
  { value: 'implicit', label: 'implicit (.npz)' },
];

/** A model trained elsewhere: a Spark ALSModel zip or folder, or an implicit .npz. */
function isExternalModel(files: readonly File[]): boolean {
  return files.length > 1 || /\.(zip|npz)$/i.test(files[0]?.name ?? '') || (files[0]?.webkitRelativePath ?? '') !== '';
}

/** How the person would name what they picked or dropped: the file, or the folder. */
function nameOf(files: readonly File[], paths: readonly string[] | undefined): string {
  if (files.length === 1) return files[0]!.name;
  return (paths?.[0] ?? files[0]!.webkitRelativePath).split('/')[0] || 'the folder';
}

function describeOrigin(model: ModelInfo, name: string): string {
  const origin = model.origin!;
  const engine = origin.engine === 'spark' ? 'Spark ALS' : 'implicit ALS';
  const without =
    origin.usersWithoutRow + origin.moviesWithoutRow > 0
      ? ` ${origin.usersWithoutRow.toLocaleString('en-US')} users and ${origin.moviesWithoutRow.toLocaleString('en-US')} movies of the dataset have no row in it (they score 0).`
      : '';
  const assumed = origin.assumed.length > 0 ? ` Assumed: ${origin.assumed.join('; ')}.` : '';
  const iterations = model.epochs > 0 ? `, ${model.epochs} iterations` : '';
  return `Imported ${name}: ${engine}, rank ${origin.rank}${iterations}, ${origin.feedback} feedback (${origin.rowIds}).${without}${assumed}`;
}

interface ModelFilePanelProps {
  readonly client: RecommenderClient;
  readonly dataset: LoadedDataset | undefined;
  readonly model: ModelInfo | undefined;
  readonly ranker: RankerInfo | undefined;
  readonly disabled: boolean;
  /** A rating model from a file is now current. */
  readonly onModelLoaded: (model: ModelInfo) => void;
  /** A ranking model from a file is now current (undefined: an imported model replaced it with none). */
  readonly onRankerLoaded: (ranker: RankerInfo | undefined) => void;
  /** An imported Spark or implicit model is current, with its ranking model when it has one. */
  readonly onExternalLoaded: (model: ModelInfo, ranker: RankerInfo | undefined) => void;
  /** The split an imported model is ranked on, and the dataset export holds out. */
  readonly split: SplitSettings;
  /** A model dropped on the data zone; imported once per key. */
  readonly dropped?: { readonly model: DroppedModel; readonly key: number };
}

/** Export the trained model as one file; import one (checked against the loaded data). */
export function ModelFilePanel({
  client,
  dataset,
  model,
  ranker,
  disabled,
  onModelLoaded,
  onRankerLoaded,
  onExternalLoaded,
  split,
  dropped,
}: ModelFilePanelProps) {
  const hasData = dataset !== undefined;
  const hasModel = model !== undefined;
  // The model the page restored at start, to say so.
  const restored = model?.source === 'restored' ? model : undefined;
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<ExportFormat>('app');
  const [progress, setProgress] = useState<ImportProgress>();
  const [ranking, setRanking] = useState<{ readonly modelId: number; readonly ranking: RankingEvaluation }>();
  // Counts imports: the λ field starts again from each imported model's own value.
  const [imports, setImports] = useState(0);
  const formatId = useId();
  const lambdaId = useId();
  const external = model?.origin;

  async function download(exported: ExportOutcome) {
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

  async function importExternal(files: readonly File[], paths?: readonly string[]) {
    const name = nameOf(files, paths);
    setMessage(undefined);
    let outcome: ExternalModelOutcome;
    try {
      outcome = await client.importExternalModel(files, split, setProgress, paths);
    } finally {
      setProgress(undefined);
    }
    if (!outcome.ok) {
      setMessage({ text: outcome.message, error: outcome.code !== 'cancelled' });
      return;
    }
    setRanking({ modelId: outcome.model.modelId, ranking: outcome.ranking });
    setImports((n) => n + 1);
    setMessage({ text: `${describeOrigin(outcome.model, name)} Read and ranked in ${outcome.seconds.toFixed(1)} s.`, error: false });
    onExternalLoaded(outcome.model, outcome.ranker);
  }

  async function setFoldInLambda(value: number) {
    if (!Number.isFinite(value)) return;
    const outcome = await client.setFoldInRegularization(value);
    if (!outcome.ok) setMessage({ text: outcome.message, error: true });
    else {
      setRanking((shown) => shown && { ...shown, modelId: outcome.model.modelId });
      onModelLoaded(outcome.model);
    }
  }

  // A model dropped on the data zone: imported once (the key counts drops), with this render's split.
  const importedDrop = useRef(0);
  useEffect(() => {
    if (!dropped || dropped.key === importedDrop.current) return;
    importedDrop.current = dropped.key;
    void importModel(dropped.model.files, dropped.model.paths);
  });

  async function importModel(files: readonly File[], paths?: readonly string[]) {
    const file = files[0];
    if (!file) return;
    if (isExternalModel(files)) return importExternal(files, paths);
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

  const busy = disabled || progress !== undefined;
  return (
    <div className="model-file">
      <label className="model-file__format">
        <span id={formatId}>Export format</span>{' '}
        <select aria-labelledby={formatId} value={format} onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}>
          {FORMATS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button"
        data-testid="export-model"
        disabled={!hasModel || busy}
        onClick={() => void client.exportModel(format).then(download)}
      >
        Export model
      </button>
      <button
        type="button"
        className="button"
        data-testid="export-ranker"
        disabled={ranker === undefined || busy}
        onClick={() => void client.exportRanker(format).then(download)}
      >
        Export ranker
      </button>
      <button
        type="button"
        className="button"
        data-testid="export-dataset"
        disabled={!hasData || busy}
        onClick={() => void client.exportDataset(split).then(download)}
      >
        Export dataset (Parquet)
      </button>
      {/* Not a <label>: the page's one control labelled "Model" is the model select (the UI
          contract finds it by that label, and labels match as substrings). */}
      <button type="button" className="button" disabled={!hasData || busy} onClick={() => fileInput.current?.click()}>
        Import model…
      </button>
      <button type="button" className="button" disabled={!hasData || busy} onClick={() => folderInput.current?.click()}>
        Import Spark folder…
      </button>
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        accept=".mrmodel,.zip,.npz,application/octet-stream,application/zip"
        data-testid="model-input"
        disabled={!hasData || busy}
        onChange={(event) => {
          void importModel([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
      {/* The folder ALSModel.save wrote, chosen as a folder (webkitdirectory: every browser has it). */}
      <input
        ref={folderInput}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="model-folder-input"
        {...{ webkitdirectory: '' }}
        disabled={!hasData || busy}
        onChange={(event) => {
          void importModel([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
      {progress && (
        <div className="import-progress">
          <label htmlFor="model-import-progress">
            {progress.stage}: {Math.round(progress.fraction * 100)} %
          </label>
          <progress id="model-import-progress" data-testid="model-import-progress" max={1} value={progress.fraction} />
          <button type="button" className="button" onClick={() => void client.cancelImport()}>
            Cancel
          </button>
        </div>
      )}
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
      {external && (
        <label className="model-file__lambda">
          <span id={lambdaId}>Fold-in λ</span>{' '}
          <input
            aria-labelledby={lambdaId}
            type="number"
            min={0}
            step="any"
            data-testid="fold-in-lambda"
            defaultValue={external.regularization}
            key={imports}
            onChange={(event) => void setFoldInLambda(event.currentTarget.valueAsNumber)}
          />{' '}
          <span className="hint">For you folds your ratings into the imported factors with this λ.</span>
        </label>
      )}
      {ranking && model?.modelId === ranking.modelId && (
        <div data-testid="imported-ranking">
          <RankingTable ranking={ranking.ranking} rankerName={rankingModelName(external?.engine)} />
        </div>
      )}
    </div>
  );
}
