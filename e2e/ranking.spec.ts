import { expect, setTrainingField, smallMovieLensFiles, test } from './fixtures';

/** The attribute of every item, as numbers. */
async function numbers(items: import('@playwright/test').Locator, attribute: string): Promise<number[]> {
  return items.evaluateAll((elements, name) => elements.map((element) => Number(element.getAttribute(name))), attribute);
}

const descending = (values: readonly number[]) => values.every((value, i) => i === 0 || values[i - 1]! >= value);

test('the ranking model trains before the rating model with its live curve, and orders Top picks and For you', async ({ page }) => {
  // On the WebGPU engines even here (a software GPU, where the CPU engines are chosen by default).
  await page.goto('/#engine=webgpu');
  const { files } = smallMovieLensFiles();
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '3');
  await expect(page.getByLabel('Ranker')).toHaveValue('ials');
  await setTrainingField(page, 'iALS sweeps', '3');
  // Which pieces the progress bar showed: the ranker's sweeps, then the rating model's epochs.
  await page.evaluate(() => {
    const phases: string[] = [];
    (window as unknown as { progressPhases: string[] }).progressPhases = phases;
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid=training-progress]')?.getAttribute('data-phase');
      if (phase && phases.at(-1) !== phase) phases.push(phase);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const phases = await page.evaluate(() => (window as unknown as { progressPhases: string[] }).progressPhases);
  expect(phases.slice(0, 2)).toEqual(['ranking-model', 'rating-model']);

  // Both curves: RMSE per epoch, and the ranker's validation NDCG per sweep with popularity's line.
  await expect(page.getByTestId('metrics-table').locator('tr[data-epoch]')).toHaveCount(3);
  const chart = page.getByTestId('ranking-chart');
  await expect(chart).toHaveAttribute('data-points', '3');
  // A horizontal line has no height, which Playwright calls hidden: it is there, with its label.
  await expect(chart.locator('.recharts-reference-line line')).toHaveCount(1);
  await expect(chart).toContainText('popularity NDCG@10');
  const sweeps = page.getByTestId('ranker-table').locator('tr[data-phase=validation]');
  await expect(sweeps).toHaveCount(3);
  const ndcg = await sweeps.locator('[data-metric=validation-ndcg]').evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
  expect(ndcg.every((value) => value > 0 && value <= 1)).toBe(true);
  await expect(page.getByTestId('ranker-table').locator('tr[data-phase=refit]').first()).toBeVisible();
  await expect(page.getByTestId('ranker-engine')).toHaveText('webgpu-ials');
  // The test-split table has the list as Top picks shows it.
  await expect(page.getByTestId('ranking-picks')).toBeVisible();

  // Top picks: ordered by taste match by default, each with its predicted rating and match.
  const rankedBy = page.getByLabel('Ranked by');
  await expect(rankedBy).toHaveValue('match');
  await page.getByLabel('User').fill('1');
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  const match = await numbers(picks, 'data-match');
  expect(match.every(Number.isFinite)).toBe(true);
  expect(descending(match)).toBe(true);
  // Each card shows the match as a small bar, clamped to 0..1.
  const bars = await picks.locator('meter.match-bar').evaluateAll((meters) => meters.map((m) => (m as HTMLMeterElement).value));
  expect(bars).toHaveLength(10);
  bars.forEach((value, i) => expect(value).toBeCloseTo(Math.min(1, Math.max(0, match[i]!)), 3));
  const byMatch = await numbers(picks, 'data-movie-id');

  // Switched to predicted rating: the rating model orders the list.
  await rankedBy.selectOption('rating');
  await expect.poll(async () => descending(await numbers(picks, 'data-predicted'))).toBe(true);
  expect(await numbers(picks, 'data-movie-id')).not.toEqual(byMatch);
  await rankedBy.selectOption('match');
  await expect.poll(() => numbers(picks, 'data-movie-id')).toEqual(byMatch);

  // For you from the ranking model's fold-in, explained in its terms.
  const search = page.getByLabel('Search movies');
  await search.fill('a');
  await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 5', exact: true }).click();
  await page.getByTestId('search-result').nth(1).getByRole('button', { name: 'Rate 5', exact: true }).click();
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(2);
  const forYou = page.getByTestId('for-you').getByTestId('pick');
  await expect(page.getByRole('heading', { name: 'Picked for you' })).toBeVisible();
  await expect(forYou).toHaveCount(10);
  await expect.poll(async () => descending(await numbers(forYou, 'data-match'))).toBe(true);
  const firstMatch = Number(await forYou.first().getAttribute('data-match'));
  await forYou
    .first()
    .getByRole('button', { name: /^Why\?/ })
    .click();
  const explanation = page.getByTestId('match-explanation');
  await expect(explanation).toBeVisible();
  expect(Number(await explanation.getAttribute('data-match'))).toBeCloseTo(firstMatch, 3);
  await expect(explanation.getByTestId('match-because').first()).toBeVisible();
});
