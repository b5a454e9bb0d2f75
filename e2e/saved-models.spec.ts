import { readFileSync } from 'node:fs';
import { expect, expectNoCspViolations, recordCspViolations, setTrainingField, smallMovieLensFiles, test, skipRanker } from './fixtures';

async function picksFor(page: import('@playwright/test').Page, userId: string): Promise<string[]> {
  await page.getByLabel('User').fill('');
  await page.getByLabel('User').fill(userId);
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  return picks.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-movie-id')}:${item.getAttribute('data-predicted')}`));
}

test('the trained model comes back after a reload; export then import restores it; bad files are refused', async ({ page }, testInfo) => {
  await recordCspViolations(page);
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '3');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const trained = await picksFor(page, '1');
  await expect(page.getByTestId('dataset-saved')).toBeVisible();

  // Reload: data and model back, picks without training.
  await page.reload();
  await expect(page.getByText('Model restored from this browser')).toBeVisible();
  expect(await picksFor(page, '1')).toEqual(trained);

  // Export to one file.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-model').click();
  const file = testInfo.outputPath('model.mrmodel');
  await (await download).saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 26).toString()).toBe('MOVIE-RECOMMENDER-MODEL v1');

  // Train something else, then import the file: the exported model is back.
  await page.getByLabel('Model').selectOption({ label: 'MF' });
  await setTrainingField(page, 'Epochs', '1');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await picksFor(page, '1')).not.toEqual(trained);
  await page.getByTestId('model-input').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported model.mrmodel' })).toBeVisible();
  expect(await picksFor(page, '1')).toEqual(trained);

  // Refused, with nothing changed: garbage, a hand-edited (truncated) file.
  for (const [name, buffer, reason] of [
    ['garbage.mrmodel', Buffer.from('userId,movieId\n1,2\n'), 'signature'],
    ['cut.mrmodel', bytes.subarray(0, bytes.length - 100), 'bytes where its header promises'],
  ] as const) {
    await page.getByTestId('model-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
    await expect(page.getByRole('alert')).toContainText(`${name} was not imported`);
    await expect(page.getByRole('alert')).toContainText(reason);
    expect(await picksFor(page, '1')).toEqual(trained);
  }

  // A model of another dataset is refused too.
  await page.getByTestId('file-input').setInputFiles(smallMovieLensFiles().files);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '120');
  await page.getByTestId('model-input').setInputFiles(file);
  await expect(page.getByRole('alert')).toContainText('it was trained on "Demo data (synthetic)"');
  await expect(page.getByTestId('export-model')).toBeDisabled();
  await expectNoCspViolations(page);
});
