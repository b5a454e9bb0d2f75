import { useState, type DragEvent } from 'react';
import { droppedFiles, isSparkModelZip, sortDrop, type DroppedFile, type DroppedModel } from '../../lib/dropped-files';
import { formatCount, formatProblem } from '../../lib/format';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { ImportOutcome, ImportProblem, ImportProgress, LoadedDataset } from '../../worker/api';

interface DataImportPanelProps {
  readonly client: RecommenderClient;
  readonly loaded: LoadedDataset | undefined;
  readonly disabled: boolean;
  /** `tryDemo`: loaded by *Try it with demo data*, which goes on to train and show picks. */
  readonly onLoaded: (loaded: LoadedDataset, tryDemo?: boolean) => void;
  readonly onForgotten: () => void;
  /** A model dropped with the dataset (after it loaded) or alone onto loaded data: the model
   * card imports it. */
  readonly onModelDropped: (model: DroppedModel) => void;
}

const MB = 1024 * 1024;

function describeProgress(p: Omit<ImportProgress, 'jobId'>): string {
  if (p.totalBytes === 0) return `${p.stage}…`;
  const rows = p.rowsRead > 0 ? ` · ${formatCount(p.rowsRead)} ratings, ${formatCount(Math.round(p.rowsPerSecond))} per second` : '';
  return `${p.stage}: ${(p.bytesRead / MB).toFixed(1)} of ${(p.totalBytes / MB).toFixed(1)} MB${rows}`;
}

/** Drop zone, file picker and demo button; shows progress, the summary and every problem. */
export function DataImportPanel({ client, loaded, disabled, onLoaded, onForgotten, onModelDropped }: DataImportPanelProps) {
  const [progress, setProgress] = useState<Omit<ImportProgress, 'jobId'>>();
  const [problem, setProblem] = useState<ImportProblem>();
  const [failure, setFailure] = useState<string>();
  const [cancelled, setCancelled] = useState(false);
  const [dragging, setDragging] = useState(false);
  // What a drop held besides the dataset and a model, said rather than dropped silently.
  const [dropNote, setDropNote] = useState<string>();
  const busy = progress !== undefined;
  // Whether a freshly parsed dataset made it into this browser's storage (saved in the background).
  const saved = useWorkerAnswer(loaded && !loaded.fromCache ? `saved:${loaded.datasetId}` : undefined, () => client.datasetSaved());

  /** Whether the dataset loaded. */
  async function runImport(start: () => Promise<ImportOutcome>, tryDemo = false): Promise<boolean> {
    setProblem(undefined);
    setFailure(undefined);
    setCancelled(false);
    setProgress({ stage: 'Starting', fraction: 0, bytesRead: 0, totalBytes: 0, rowsRead: 0, rowsPerSecond: 0 });
    try {
      const outcome = await start();
      if (outcome.ok) onLoaded(outcome, tryDemo);
      else if (outcome.code === 'cancelled') setCancelled(true);
      else if (outcome.problem) setProblem(outcome.problem);
      else setFailure(outcome.message);
      return outcome.ok;
    } catch (error) {
      // Not an answer but a broken call (e.g. the worker died): said, not swallowed.
      setFailure(error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      // The bridge drops progress that comes after the answer, so the panel stays idle now.
      setProgress(undefined);
    }
  }

  function importFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    const list = Array.from(files);
    setDropNote(undefined);
    void runImport(() => client.importFiles(list, setProgress));
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    // The drop's entries are taken now: the browser empties the DataTransfer after this handler.
    if (!disabled && !busy) void importDrop(droppedFiles(event.dataTransfer));
  }

  /** A drop may hold the dataset, a model, or both (folders walked): the dataset first, then the
   * model, which needs it. */
  async function importDrop(pending: Promise<DroppedFile[]>) {
    setDropNote(undefined);
    setFailure(undefined);
    let drop: Awaited<ReturnType<typeof sortDrop>>;
    try {
      drop = await sortDrop(await pending, isSparkModelZip);
    } catch (error) {
      setFailure(`the drop could not be read (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    if (drop.ignored.length > 0) setDropNote(`Left out of the drop: ${drop.ignored.join(', ')}.`);
    if (drop.dataset.length === 0 && !drop.model) {
      setFailure('the drop held no MovieLens files and no model.');
      return;
    }
    if (drop.dataset.length > 0) {
      const files = drop.dataset;
      if (!(await runImport(() => client.importFiles(files, setProgress)))) return;
    } else if (!loaded && drop.model) {
      setFailure(`${drop.model.label} is a model: drop it together with the dataset it was trained on, or load that first.`);
      return;
    }
    if (drop.model) onModelDropped(drop.model);
  }

  const report = loaded?.report;
  return (
    <section className={`panel panel--data${loaded ? ' panel--loaded' : ''}`} aria-labelledby="data-heading">
      <h2 id="data-heading">1. Data</h2>
      {!loaded && (
        <div className="first-minute">
          <button
            type="button"
            className="button button--primary button--large"
            data-testid="try-demo"
            disabled={disabled || busy}
            onClick={() => void runImport(() => client.importDemo(), true)}
          >
            Try it with demo data
          </button>
          <p className="hint">Loads a synthetic MovieLens-like set, trains with the defaults and shows picks for a sample user.</p>
        </div>
      )}
      <div
        role="region"
        aria-label="Drop zone for MovieLens files"
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}${loaded ? ' drop-zone--compact' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop MovieLens <code>movies.csv</code> and <code>ratings.csv</code> here (or <code>.dat</code> files, ml-100k's{' '}
          <code>u.data</code> and <code>u.item</code>, the downloaded <code>.zip</code>, or its folder)
        </p>
        <p className="hint">
          With them or after them: a model to look inside (a Spark <code>ALSModel</code> folder or its <code>.zip</code>, an{' '}
          <code>implicit</code> <code>.npz</code>, a <code>.mrmodel</code>).
        </p>
        <div className="drop-zone__actions">
          <label className="button">
            Choose files…
            <input
              className="visually-hidden"
              type="file"
              multiple
              accept=".csv,.dat,.data,.item,.zip,text/csv,application/zip"
              data-testid="file-input"
              disabled={disabled || busy}
              onChange={(event) => {
                importFiles(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
          </label>
          <span aria-hidden="true">or</span>
          <button
            type="button"
            className={`button${loaded ? ' button--primary' : ''}`}
            data-testid="demo-data"
            disabled={disabled || busy}
            onClick={() => void runImport(() => client.importDemo())}
          >
            Use demo data
          </button>
        </div>
        <p className="hint">Files are read in your browser and never uploaded.</p>
        {!loaded && (
          <p className="hint">
            MovieLens files come from GroupLens (grouplens.org/datasets/movielens): download a dataset there, then drop it here.
          </p>
        )}
      </div>

      {progress && (
        <div className="import-progress">
          <label htmlFor="import-progress">{describeProgress(progress)}</label>
          <progress id="import-progress" data-testid="import-progress" max={1} value={progress.fraction} />
          <button type="button" className="button" onClick={() => void client.cancelImport()}>
            Cancel
          </button>
        </div>
      )}
      {cancelled && (
        <p role="status" className="hint">
          Import cancelled. {loaded ? 'The data loaded before is still loaded.' : ''}
        </p>
      )}

      {problem && (
        <div role="alert" className="alert alert--error">
          <strong>Could not load the data.</strong> {formatProblem(problem)} The previous data, if any, is still loaded.
        </div>
      )}
      {failure && (
        <div role="alert" className="alert alert--error">
          <strong>Import failed:</strong> {failure}
        </div>
      )}
      {dropNote && (
        <p className="hint" role="status" data-testid="drop-note">
          {dropNote}
        </p>
      )}

      {loaded && (
        <div
          className="dataset-summary"
          data-testid="dataset-summary"
          data-ratings={loaded.summary.ratingCount}
          data-users={loaded.summary.userCount}
          data-movies={loaded.summary.movieCount}
          data-parse-workers={loaded.report.parseWorkers ?? 1}
        >
          <p>
            <strong>{loaded.summary.name}</strong>: {formatCount(loaded.summary.ratingCount)} ratings by{' '}
            {formatCount(loaded.summary.userCount)} users of {formatCount(loaded.summary.movieCount)} movies (
            {formatCount(loaded.summary.ratedMovieCount)} rated), ratings from {loaded.summary.ratingScale.min} to{' '}
            {loaded.summary.ratingScale.max}.
          </p>
          <p className="hint">
            {loaded.fromCache
              ? `Restored from this browser's storage in ${loaded.seconds.toFixed(2)} s.`
              : `Read in ${loaded.seconds.toFixed(2)} s (${formatCount(Math.round(loaded.summary.ratingCount / Math.max(loaded.seconds, 0.001)))} ratings per second).`}{' '}
            {(loaded.fromCache || saved) && <span data-testid="dataset-saved">Kept in this browser for your next visit. </span>}
            {saved === false &&
              !loaded.fromCache &&
              'It could not be kept in this browser (no storage), so it will be read again next time. '}
            <button
              type="button"
              className="link-button"
              disabled={disabled || busy}
              onClick={() => void client.forgetData().then((outcome) => (outcome.ok ? onForgotten() : setFailure(outcome.message)))}
            >
              Forget data
            </button>
          </p>
          {report && report.ignoredFiles.length > 0 && <p className="hint">Not used: {report.ignoredFiles.join(', ')}.</p>}
        </div>
      )}
      {report && report.totalSkipped > 0 && (
        <div role="alert" className="alert alert--warning">
          <strong>
            Skipped {formatCount(report.totalSkipped)} line{report.totalSkipped === 1 ? '' : 's'}
          </strong>{' '}
          (
          {Object.entries(report.skippedByFile)
            .map(([file, count]) => `${formatCount(count)} in ${file}`)
            .join(', ')}
          ):
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.file}:${p.line ?? 0}:${p.message}`}>{formatProblem(p)}</li>
            ))}
          </ul>
          {report.problems.length < report.totalSkipped && <p className="hint">The first {report.problems.length} are listed.</p>}
        </div>
      )}
    </section>
  );
}
