import { formatRmse } from '../../lib/format';
import type { EpochMetrics } from '../../worker/api';
import { ScrollRegion } from '../../lib/scroll-region';

interface MetricsTableProps {
  readonly history: readonly EpochMetrics[];
  readonly baselineTestRmse: number | undefined;
  /** False for Gibbs sampling, which has no learning rate. */
  readonly showLearningRate: boolean;
}

export function MetricsTable({ history, baselineTestRmse, showLearningRate }: MetricsTableProps) {
  // The epoch early stopping keeps: the lowest validation RMSE (the test split chooses nothing).
  const best = history.reduce<EpochMetrics | undefined>(
    (b, m) => (Number.isFinite(m.validationRmse) && (!b || m.validationRmse < b.validationRmse) ? m : b),
    undefined,
  );
  const hasValidation = best !== undefined;
  return (
    <ScrollRegion label="RMSE per epoch">
      <table className="metrics-table" data-testid="metrics-table">
        <caption>
          RMSE per epoch
          {baselineTestRmse !== undefined && <> · bias-only baseline test RMSE {formatRmse(baselineTestRmse)}</>}
          {best && (
            <>
              {' '}
              · best validation RMSE {formatRmse(best.validationRmse)} at epoch {best.epoch} (test RMSE there {formatRmse(best.testRmse)})
            </>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Train RMSE</th>
            {hasValidation && <th scope="col">Validation RMSE</th>}
            <th scope="col">Test RMSE</th>
            {showLearningRate && <th scope="col">Learning rate</th>}
            <th scope="col">Time (s)</th>
          </tr>
        </thead>
        <tbody>
          {history.map((m) => (
            <tr key={m.epoch} data-epoch={m.epoch} className={m === best ? 'best' : undefined}>
              <th scope="row">{m.epoch}</th>
              <td data-metric="train-rmse">{formatRmse(m.trainRmse)}</td>
              {hasValidation && <td data-metric="validation-rmse">{formatRmse(m.validationRmse)}</td>}
              <td data-metric="test-rmse">{formatRmse(m.testRmse)}</td>
              {showLearningRate && <td data-metric="learning-rate">{Number(m.learningRate.toPrecision(3))}</td>}
              <td title={`${m.steps} steps in ${(m.trainMs / 1000).toFixed(2)} s, then evaluation`}>{(m.durationMs / 1000).toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
