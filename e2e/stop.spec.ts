import { expect, setTrainingField, test, skipRanker } from './fixtures';

test('Stop ends training on the demo data and keeps the model for picks', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  // Long enough to be stopped by hand: no early stopping, many epochs.
  await setTrainingField(page, 'Epochs', '500');
  await setTrainingField(page, 'Early stopping', '0');
  await skipRanker(page);
  await page.getByTestId('train').click();
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', 'training');
  await expect(page.locator('[data-testid=metrics-table] tr[data-epoch="1"]')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('stop').click();
  await expect(status).toHaveAttribute('data-state', 'stopped');
  const finished = await page.locator('[data-testid=metrics-table] tbody tr').count();
  expect(finished).toBeGreaterThanOrEqual(1);
  expect(finished).toBeLessThan(500);
  // Nothing more arrives after a stop.
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-testid=metrics-table] tbody tr')).toHaveCount(finished);

  await page.getByLabel('User').fill('1');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);

  // Training again after a stop works and replaces the model.
  await setTrainingField(page, 'Epochs', '2');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-testid=metrics-table] tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
});
