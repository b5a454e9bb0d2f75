import { expect, setTrainingField, test, skipRanker } from './fixtures';

test('a reload mid-training brings back the data, the ratings and the model of the last finished epoch', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByTestId('dataset-saved')).toBeVisible();
  await page.getByLabel('Search movies').fill('the');
  await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 4', exact: true }).click();
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);

  await setTrainingField(page, 'Epochs', '500');
  await setTrainingField(page, 'Early stopping', '0');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.locator('[data-testid=metrics-table] tr[data-epoch="3"]')).toBeVisible({ timeout: 60_000 });
  // Gibbs on the CPU runs an epoch of the demo in ~60 ms: more may have finished by now, and the
  // save of the newest one (IndexedDB, in the background) may still be on its way.
  const shown = await page.locator('[data-testid=metrics-table] tr[data-epoch]').count();
  await page.reload();

  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
  const restored = page.getByText(/Model restored from this browser: biased-mf, (\d+) epochs/);
  await expect(restored).toBeVisible();
  const epochs = Number((await restored.textContent())?.match(/(\d+) epochs/)?.[1]);
  expect(epochs).toBeGreaterThanOrEqual(Math.max(2, shown - 1));
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'idle');
  // The restored model gives picks at once, for a user and for the person.
  await page.getByLabel('User').fill('1');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
  await expect(page.getByTestId('for-you').getByTestId('pick')).toHaveCount(10);
});
