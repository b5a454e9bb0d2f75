import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A chart component loaded when it is first shown. recharts and what it brings (d3, redux
 * toolkit, immer) are 60 % of the page's script, and the first screen shows no chart: loading
 * them on demand is what takes the empty page's main-thread work under Lighthouse's budget
 * (measured with `npm run audit`; see docs/benchmarks.md, "Page load: Lighthouse"). While the chunk arrives a box of the chart's
 * height holds its place, so nothing below it jumps.
 */
export function lazyChart<P extends object>(load: () => Promise<ComponentType<P>>, height: number): ComponentType<P> {
  const Chart = lazy(async () => ({ default: await load() }));
  function LazyChart(props: P) {
    return (
      <Suspense fallback={<div className="chart-placeholder" style={{ height }} />}>
        <Chart {...props} />
      </Suspense>
    );
  }
  return LazyChart;
}
