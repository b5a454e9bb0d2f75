import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { expect, setTrainingField, test, skipRanker } from './fixtures';

// Chromium without --enable-unsafe-webgpu: navigator.gpu gives no adapter on this machine.
test.use({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu') } });

test('without WebGPU the app says so plainly and trains to the end without it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveText('webgl');
  await expect(page.getByText(/WebGPU is not available here/)).toBeVisible();
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '2');
  await setTrainingField(page, 'Batch size', '4096');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  // The default Bayesian MF draws its rows on the CPU when there is no WebGPU.
  await expect(page.getByTestId('engine')).toHaveText('cpu-gibbs');
  await expect(page.locator('[data-testid=metrics-table] tbody tr')).toHaveCount(2);
  await page.getByLabel('User').fill('2');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
});
