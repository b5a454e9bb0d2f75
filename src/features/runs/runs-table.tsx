import { formatRmse } from '../../lib/format';
import { MAX_OVERLAYS, settingsSummary, type RunRecord } from '../../lib/runs';

interface RunsTableProps {
  /** The runs on the data shown, oldest first. */
  readonly runs: readonly RunRecord[];
  /** The run whose curves the chart draws now (not offered as an overlay). */
  readonly currentRunId: number | undefined;
  readonly overlayIds: readonly number[];
  readonly disabled: boolean;
  readonly onToggleOverlay: (id: number) => void;
  readonly onRestore: (run: RunRecord) => void;
  readonly onClear: () => void;
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function figure(value: number | null): string {
  return value === null ? '–' : formatRmse(value);
}

/** Every training of this browser on this data: settings, backend, time, final figures; tick to overlay. */
export function RunsTable({ runs, currentRunId, overlayIds, disabled, onToggleOverlay, onRestore, onClear }: RunsTableProps) {
  if (runs.length === 0) return null;
  const full = overlayIds.length >= MAX_OVERLAYS;
  return (
    <div className="runs">
      <table className="runs-table" data-testid="runs-table">
        <caption>
          Runs on this data (kept in this browser). Tick up to {MAX_OVERLAYS} to draw their test curves on the chart; test RMSE is the
          reported one, for the epoch validation chose.
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Settings</th>
            <th scope="col">Engine</th>
            <th scope="col">Time</th>
            <th scope="col">Train RMSE</th>
            <th scope="col">Validation RMSE</th>
            <th scope="col">Test RMSE</th>
            <th scope="col">NDCG@10</th>
            <th scope="col">On chart</th>
            <th scope="col">
              <span className="visually-hidden">Settings</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const current = run.id === currentRunId;
            const ticked = overlayIds.includes(run.id);
            return (
              <tr key={run.id} data-run={run.id} className={current ? 'current' : undefined}>
                <th scope="row">{run.id}</th>
                <td>
                  {settingsSummary(run.config)}
                  {run.state !== 'done' && <span className="hint"> ({run.state})</span>}
                </td>
                <td>{run.engine ?? run.backend}</td>
                <td>{seconds(run.durationMs)}</td>
                <td data-metric="train-rmse">{figure(run.final.trainRmse)}</td>
                <td data-metric="validation-rmse">{figure(run.final.validationRmse)}</td>
                <td data-metric="test-rmse">{figure(run.final.testRmse)}</td>
                <td data-metric="ndcg-at-10">{run.final.ndcgAt10 === null ? '–' : run.final.ndcgAt10.toFixed(4)}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={current ? `Run ${run.id} is the one drawn` : `Show run ${run.id} on the chart`}
                    checked={current || ticked}
                    disabled={current || (full && !ticked)}
                    onChange={() => onToggleOverlay(run.id)}
                  />
                </td>
                <td>
                  <button type="button" className="button button--small" disabled={disabled} onClick={() => onRestore(run)}>
                    Restore settings
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="link-button" disabled={disabled} onClick={onClear}>
        Forget runs
      </button>
    </div>
  );
}
