import { chooseOptimizer, expect, setTrainingField, test, skipRanker } from './fixtures';

test('a progress bar moves inside each epoch: steps of the total, ratings per second, time left', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  // Biased MF by Adam with small batches: over a thousand steps per epoch, so an epoch lasts a few reports.
  await chooseOptimizer(page, 'Adam');
  await setTrainingField(page, 'Epochs', '3');
  await setTrainingField(page, 'Batch size', '16');
  await setTrainingField(page, 'Early stopping', '0');
  // No validation carve, hence no refit: the three epochs are all there is to sample.
  await setTrainingField(page, 'Validation share', '0');
  await skipRanker(page);
  await page.getByTestId('train').click();
  const bar = page.getByTestId('training-progress');
  await expect(bar).toBeVisible({ timeout: 60_000 });
  await expect(bar).toHaveAttribute('data-phase', 'rating-model');
  const trainCount = Number(
    (await page.getByText(/ratings to train on/).textContent())?.match(/([\d,]+) ratings to train on/)?.[1]?.replaceAll(',', ''),
  );
  expect(trainCount).toBeGreaterThan(10_000);
  await expect(bar).toHaveAttribute('max', String(Math.ceil(trainCount / 16)));

  // Every state the bar shows while it runs, recorded in the page as it changes (an epoch can
  // last well under a second here, less than a few polls): within one epoch the value rises, and
  // the label says which epoch, the rate and the time left.
  const samples = await page.evaluate(
    () =>
      new Promise<{ label: string; value: number }[]>((resolve) => {
        const seen: { label: string; value: number }[] = [];
        const record = () => {
          const bar = document.querySelector<HTMLProgressElement>('[data-testid=training-progress]');
          if (!bar) {
            observer.disconnect();
            resolve(seen);
            return;
          }
          const label = document.querySelector('label[for=training-progress]')?.textContent ?? '';
          const last = seen.at(-1);
          if (!last || last.label !== label || last.value !== bar.value) seen.push({ label, value: bar.value });
        };
        const observer = new MutationObserver(record);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        record();
      }),
  );
  const sameEpochRises = samples.filter(
    (sample, i) => i > 0 && sample.label.split(':')[0] === samples[i - 1]!.label.split(':')[0] && sample.value > samples[i - 1]!.value,
  );
  expect(sameEpochRises.length).toBeGreaterThanOrEqual(2);
  const running = samples.find((sample) => sample.label.includes('left'))?.label ?? '';
  expect(running).toMatch(/^Epoch [123] of 3: [\d,]+ of [\d,]+ steps · [\d.]+ (k|M)? ?ratings\/s · about .+ left$/);

  await expect(page.getByTestId('training-status')).not.toHaveAttribute('data-state', 'training', { timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done');
  // The bar belongs to a running training only.
  await expect(bar).toHaveCount(0);
});
