import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { baselineLine } from './baseline-line';
import type { RunCurvePoint } from '../../lib/runs';
import type { EpochMetrics } from '../../worker/api';

/** An earlier run's test curve drawn over the current one. */
export interface RunOverlay {
  readonly id: number;
  /** How its settings differ from the current run's ("k 128, λ 0.05"). */
  readonly label: string;
  readonly curve: readonly RunCurvePoint[];
}

interface RmseChartProps {
  readonly history: readonly EpochMetrics[];
  readonly baselineTestRmse: number | undefined;
  readonly totalEpochs: number;
  readonly overlays?: readonly RunOverlay[];
}

/** Distinct strokes for up to four overlaid runs (theme variables, light and dark). */
const OVERLAY_COLOURS = ['var(--chart-run-1)', 'var(--chart-run-2)', 'var(--chart-run-3)', 'var(--chart-run-4)'];

/** Live train, validation (the curve early stopping watches) and test RMSE per epoch, with the bias-only baseline as a reference line. The same
 * numbers are in the metrics table, which is the chart's text alternative. */
export function RmseChart({ history, baselineTestRmse, totalEpochs, overlays = [] }: RmseChartProps) {
  const hasValidation = history.some((m) => Number.isFinite(m.validationRmse));
  // One row per epoch holding every curve (recharts plots one data array), earlier runs as run<N>.
  const longest = Math.max(history.length, ...overlays.map((o) => o.curve.length));
  const data = Array.from({ length: longest }, (_, e) => {
    const m = history[e];
    const row: Record<string, number | null> = {
      epoch: e + 1,
      train: m ? m.trainRmse : null,
      validation: m && Number.isFinite(m.validationRmse) ? m.validationRmse : null,
      test: m ? m.testRmse : null,
    };
    for (const overlay of overlays) row[`run${overlay.id}`] = overlay.curve[e]?.test ?? null;
    return row;
  });
  const epochs = Math.max(totalEpochs, longest, 2);
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
            domain={[1, epochs]}
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
          {overlays.map((overlay, i) => (
            <Line
              key={overlay.id}
              name={`run ${overlay.id} test (${overlay.label})`}
              type="monotone"
              dataKey={`run${overlay.id}`}
              stroke={OVERLAY_COLOURS[i % OVERLAY_COLOURS.length]}
              strokeWidth={1.5}
              strokeDasharray="2 2"
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {baselineLine(baselineTestRmse, 'bias-only baseline', 'insideTopRight')}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
