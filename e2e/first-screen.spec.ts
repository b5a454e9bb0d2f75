import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The scripts the page itself fetched (not the worker's, not the service worker's precache). */
async function pageScripts(page: Page): Promise<{ name: string; bytes: number }[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming)
      .filter((entry) => entry.initiatorType === 'script' || /\.js($|\?)/.test(entry.name))
      .map((entry) => ({ name: new URL(entry.name).pathname, bytes: entry.decodedBodySize })),
  );
}

const CHART_CODE = /CartesianChart|LineChart|rmse-chart|ranking-chart|taste-map/;

test('the empty page loads no chart code; the charts come with the data', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect(page.getByTestId('try-demo')).toBeVisible();
  const first = await pageScripts(page);
  // What Lighthouse's mobile budget hangs on (npm run audit): recharts and its d3 and redux are
  // more than half the page's script, and the first screen draws no chart.
  expect(first.filter((s) => CHART_CODE.test(s.name))).toEqual([]);
  const pageBytes = first.filter((s) => !/worker/.test(s.name)).reduce((sum, s) => sum + s.bytes, 0);
  expect(pageBytes).toBeGreaterThan(100_000);
  expect(pageBytes).toBeLessThan(450_000);

  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByTestId('rmse-chart')).toBeVisible();
  expect((await pageScripts(page)).some((s) => CHART_CODE.test(s.name))).toBe(true);
});
