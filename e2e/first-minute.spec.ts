import { expect, test, VIEWPORTS } from './fixtures';

test('Try it with demo data loads, trains with the defaults and shows a sample user’s picks, with no other click', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  const tryDemo = page.getByTestId('try-demo');
  // The empty page's one primary action, beside the drop zone and a line on where the files come from.
  await expect(tryDemo).toBeVisible();
  await expect(page.locator('.button--primary:visible')).toHaveCount(1);
  await expect(page.getByText(/MovieLens files come from GroupLens/)).toBeVisible();
  await tryDemo.click();

  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  // Training starts by itself, with its progress on screen.
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('training-progress')).toBeVisible();
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  // Then a sample user (the lowest id: the demo's users are 1 to 400) and their picks.
  await expect(page.getByLabel('User')).toHaveValue('1');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
  // With data loaded the offer is gone; the demo button stays for loading it again.
  await expect(tryDemo).toHaveCount(0);
  await expect(page.getByTestId('demo-data')).toBeVisible();
});

test.describe('on a 390 × 844 phone', () => {
  test.use(VIEWPORTS['on a 390 × 844 phone']);

  test('Try it with demo data works by a tap; Stop keeps what it trained and the sample user’s picks still come', async ({ page }) => {
    await page.goto('/');
    const tryDemo = page.getByTestId('try-demo');
    await expect(page.getByTestId('backend')).toHaveText('webgpu');
    await tryDemo.tap();
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-state', 'training');
    await expect(page.getByTestId('training-progress')).toBeVisible();
    // The whole default run is the wide test's; here two epochs, then a tap on Stop.
    await expect(page.getByTestId('metrics-table').locator('tr[data-epoch="2"]')).toBeAttached({ timeout: 60_000 });
    await page.getByTestId('stop').tap();
    await expect(status).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
    await expect(page.getByLabel('User')).toHaveValue('1');
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
