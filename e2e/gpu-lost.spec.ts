import { expect, setTrainingField, test, skipRanker } from './fixtures';

test('a GPU lost mid-training becomes a clear error, and training resumes from the last saved epoch', async ({ page }) => {
  // Gibbs on WebGPU (on a software GPU the CPU engine is the default, which no GPU loss touches).
  await page.goto('/#engine=webgpu');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '8');
  await setTrainingField(page, 'Early stopping', '0');
  await skipRanker(page);
  await page.getByTestId('train').click();
  const rows = page.locator('[data-testid=metrics-table] tbody tr');
  await expect(rows.nth(1)).toBeVisible({ timeout: 60_000 });

  // Lose the device the way a driver reset would: GPUDevice.destroy() inside the worker, on the
  // next command it encodes.
  const [worker] = page.workers();
  await worker.evaluate(() => {
    const prototype = GPUDevice.prototype;
    const original = prototype.createCommandEncoder;
    prototype.createCommandEncoder = function (this: GPUDevice, ...args: Parameters<GPUDevice['createCommandEncoder']>) {
      prototype.createCommandEncoder = original;
      const encoder = original.apply(this, args);
      this.destroy();
      return encoder;
    };
  });
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The GPU was lost during training');
  const saved = Number((await alert.textContent())?.match(/Epoch (\d+) was saved/)?.[1]);
  expect(saved).toBeGreaterThanOrEqual(2);
  // The page is still there and usable.
  await expect(page.getByTestId('dataset-summary')).toBeVisible();

  await page.getByTestId('resume').click();
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  // The saved epochs and the resumed ones: all eight, in order.
  await expect(rows).toHaveCount(8);
  expect(await rows.evaluateAll((r) => r.map((row) => Number(row.getAttribute('data-epoch'))))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  await page.getByLabel('User').fill('2');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
});
