import { ReferenceLine } from 'recharts';

/**
 * The dashed line a model has to beat (the bias-only baseline's RMSE, popularity's NDCG@10),
 * labelled with its value. A function returning the element rather than a component: recharts
 * finds its children by their type.
 */
export function baselineLine(y: number | undefined, label: string, position: 'insideTopRight' | 'insideBottomRight') {
  if (y === undefined) return null;
  return (
    <ReferenceLine
      y={y}
      stroke="var(--chart-baseline)"
      strokeDasharray="6 4"
      ifOverflow="extendDomain"
      label={{ value: `${label} ${y.toFixed(3)}`, position, fill: 'var(--chart-label)', fontSize: 12 }}
    />
  );
}
