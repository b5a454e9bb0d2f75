import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { baselineLine } from './baseline-line';
import type { RankerIterationMetrics } from '../../worker/api';

interface RankingChartProps {
  /** The validation sweeps so far. */
  readonly history: readonly RankerIterationMetrics[];
  /** Popularity's NDCG@10 on the same validation carve: the line a ranking model must clear. */
  readonly popularityNdcg: number | undefined;
  readonly totalIterations: number;
}

/** Live NDCG@10 of the ranking model on the validation carve per sweep, with popularity's as
 * the reference line, as the RMSE chart has the bias-only baseline. The ranker table below holds
 * the same numbers as text. */
export function RankingChart({ history, popularityNdcg, totalIterations }: RankingChartProps) {
  const data = history.flatMap((m) =>
    m.validation ? [{ iteration: m.iteration, ndcg: m.validation.ndcgAtK, recall: m.validation.recallAtK }] : [],
  );
  return (
    <figure
      className="rmse-chart"
      data-testid="ranking-chart"
      data-points={data.length}
      // No "model" or "Ranker" here: the contract finds the Model and Ranker selects by label, and labels match as substrings.
      aria-label="iALS: validation NDCG@10 and recall@10 per sweep (values in the table below)"
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={[1, Math.max(totalIterations, 2)]}
            allowDecimals={false}
            label={{ value: 'iALS sweep', position: 'insideBottomRight', offset: -2 }}
          />
          <YAxis domain={[0, 'auto']} tickFormatter={(v: number) => v.toFixed(2)} width={48} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(4) : String(value))} />
          <Legend />
          <Line
            name="validation NDCG@10"
            type="monotone"
            dataKey="ndcg"
            stroke="var(--chart-ndcg)"
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            name="validation recall@10"
            type="monotone"
            dataKey="recall"
            stroke="var(--chart-popularity)"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          {baselineLine(popularityNdcg, 'popularity NDCG@10', 'insideBottomRight')}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
