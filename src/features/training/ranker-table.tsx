import type { RankerIterationMetrics } from '../../worker/api';
import { ScrollRegion } from '../../lib/scroll-region';

/** The ranking model's sweeps as text: phase, validation metrics and time per sweep. */
export function RankerTable({ history }: { readonly history: readonly RankerIterationMetrics[] }) {
  if (history.length === 0) return null;
  const format = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(4));
  return (
    <ScrollRegion label="Ranking model sweeps">
      <table className="metrics-table" data-testid="ranker-table">
        <caption>Ranking model (iALS) sweeps: validation on a 10 % carve of the training ratings, then a refit on all of them</caption>
        <thead>
          <tr>
            <th scope="col">Sweep</th>
            <th scope="col">Phase</th>
            <th scope="col">NDCG@10</th>
            <th scope="col">Recall@10</th>
            <th scope="col">Seconds</th>
          </tr>
        </thead>
        <tbody>
          {history.map((m) => (
            <tr key={`${m.phase}-${m.iteration}`} data-iteration={m.iteration} data-phase={m.phase}>
              <td>{m.iteration}</td>
              <td>{m.phase}</td>
              <td data-metric="validation-ndcg">{format(m.validation?.ndcgAtK)}</td>
              <td data-metric="validation-recall">{format(m.validation?.recallAtK)}</td>
              <td data-metric="seconds">{m.seconds.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
