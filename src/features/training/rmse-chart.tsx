import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics } from '../../worker/api';

interface RmseChartProps {
  readonly history: readonly EpochMetrics[];
  readonly baselineTestRmse: number | undefined;
  readonly totalEpochs: number;
}

/** Live train, validation (the curve early stopping watches) and test RMSE per epoch, with the bias-only baseline as a reference line. The same
 * numbers are in the metrics table, which is the chart's text alternative. */
export function RmseChart({ history, baselineTestRmse, totalEpochs }: RmseChartProps) {
  const hasValidation = history.some((m) => Number.isFinite(m.validationRmse));
  const data = history.map((m) => ({
    epoch: m.epoch,
    train: m.trainRmse,
    validation: Number.isFinite(m.validationRmse) ? m.validationRmse : null,
    test: m.testRmse,
  }));
  return (
    <figure
      className="rmse-chart"
      data-testid="rmse-chart"
      aria-label="Train, validation and test RMSE per epoch (values in the table below)"
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[1, Math.max(totalEpochs, 2)]}
            allowDecimals={false}
            label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }}
          />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} width={48} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(4) : String(value))} />
          <Legend />
          <Line
            name="train RMSE"
            type="monotone"
            dataKey="train"
            stroke="var(--chart-train)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {hasValidation && (
            <Line
              name="validation RMSE"
              type="monotone"
              dataKey="validation"
              stroke="var(--chart-validation)"
              strokeWidth={2}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
            />
          )}
          <Line name="test RMSE" type="monotone" dataKey="test" stroke="var(--chart-test)" strokeWidth={2} dot isAnimationActive={false} />
          {baselineTestRmse !== undefined && (
            <ReferenceLine
              y={baselineTestRmse}
              stroke="var(--chart-baseline)"
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{
                value: `bias-only baseline ${baselineTestRmse.toFixed(3)}`,
                position: 'insideTopRight',
                fill: 'var(--chart-label)',
                fontSize: 12,
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
