import type { Locator, Page } from '@playwright/test';
import { expect, test, trainDemoAndShowPicks } from './fixtures';

/** Whether the element's whole box lies in the viewport as it is now (no scrolling). */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}

async function trainOnDemo(page: Page, press: (locator: Locator) => Promise<void>) {
  await page.goto('/');
  await trainDemoAndShowPicks(page, { epochs: 6, userId: '1', press });
}

test.describe('at 1440 × 900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('one screen: the chart, Train and the first five picks are all in view at once', async ({ page }) => {
    await trainOnDemo(page, (locator) => locator.click());
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await inViewport(page, page.getByTestId('rmse-chart')), 'chart').toBe(true);
    expect(await inViewport(page, page.getByTestId('train')), 'Train').toBe(true);
    expect(await inViewport(page, page.getByTestId('top-picks').getByTestId('pick').nth(4)), 'fifth pick').toBe(true);
    // Side by side: the recommendations are to the right of the model.
    const chart = (await page.getByTestId('rmse-chart').boundingBox())!;
    const picks = (await page.getByTestId('top-picks').boundingBox())!;
    expect(picks.x).toBeGreaterThanOrEqual(chart.x + chart.width);
    // A top bar over both panes: the dataset summary beside Train / Stop, the status and the backend.
    const summary = (await page.getByTestId('dataset-summary').boundingBox())!;
    for (const testId of ['train', 'stop', 'training-status', 'backend']) {
      const box = (await page.getByTestId(testId).boundingBox())!;
      expect(box.y + box.height, testId).toBeLessThan(chart.y);
      expect(box.y + box.height, testId).toBeLessThan(picks.y);
      expect(box.x, testId).toBeGreaterThan(summary.x + summary.width);
    }
    // The per-epoch table folds away and back.
    const firstEpoch = page.getByTestId('metrics-table').locator('tr[data-epoch="1"]');
    await expect(firstEpoch).toBeVisible();
    await page.getByText(/^Per-epoch figures/).click();
    await expect(firstEpoch).toBeHidden();
    await page.getByText(/^Per-epoch figures/).click();
    await expect(firstEpoch).toBeVisible();
  });
});

test.describe('on a phone, 390 × 844, by touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('the panes stack, nothing scrolls sideways, and the journey works by taps', async ({ page }) => {
    await trainOnDemo(page, (locator) => locator.tap());
    const chart = (await page.getByTestId('rmse-chart').boundingBox())!;
    const picks = (await page.getByTestId('top-picks').boundingBox())!;
    expect(picks.y).toBeGreaterThan(chart.y + chart.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Why? opens in the card by a tap, and fits the phone's width.
    const first = page.getByTestId('top-picks').getByTestId('pick').first();
    await first.getByRole('button', { name: /^Why\?/ }).tap();
    await expect(first.getByTestId('why-this')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await first.getByRole('button', { name: 'Close' }).tap();
    await expect(page.getByTestId('why-this')).toHaveCount(0);
    // Rating by touch gives picks of one's own.
    await page.getByLabel('Search movies').fill('the');
    await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 4', exact: true }).tap();
    await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
    await expect(page.getByTestId('for-you').getByTestId('pick')).toHaveCount(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
