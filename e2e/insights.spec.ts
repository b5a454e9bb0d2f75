import { expect, setTrainingField, test, skipRanker } from './fixtures';

test('top picks filter by genre and years, and explain themselves; similar movies', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '8');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await page.getByLabel('User').fill('3');
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  await page.getByLabel('How many').selectOption('20');
  await expect(picks).toHaveCount(20);

  await page.getByLabel('Genre').selectOption('Drama');
  await page.getByLabel('From year').fill('1990');
  await page.getByLabel('To year').fill('2005');
  await expect(picks.first()).toBeVisible();
  for (const pick of await picks.all()) {
    await expect(pick.locator('.pick__genres')).toContainText('Drama');
    // A card: genres as chips, and how many ratings the movie has.
    await expect(pick.locator('.chip', { hasText: /^Drama$/ })).toHaveCount(1);
    await expect(pick.locator('.pick__count')).toHaveText(/^ · [\d,]+ ratings?$/);
    const year = Number((await pick.locator('.pick__title').textContent())?.match(/\((\d{4})\)$/)?.[1]);
    expect(year).toBeGreaterThanOrEqual(1990);
    expect(year).toBeLessThanOrEqual(2005);
  }

  // Why this pick: the parts add up to the prediction.
  const first = picks.first();
  const predicted = Number(await first.getAttribute('data-predicted'));
  await first.getByRole('button', { name: /^Why\?/ }).click();
  const why = page.getByTestId('why-this');
  await expect(why).toBeVisible();
  const part = async (name: string) => Number(((await why.locator(`[data-part=${name}] td`).textContent()) ?? '').replace('−', '-'));
  const sum = (await part('global-mean')) + (await part('user-bias')) + (await part('movie-bias')) + (await part('taste-match'));
  expect(Math.min(5, Math.max(0.5, sum))).toBeCloseTo(predicted, 1);
  await expect(why.getByTestId('because').first()).toBeVisible();

  // Similar movies: ten others, most similar first.
  const movieId = await first.getAttribute('data-movie-id');
  await first.getByRole('button', { name: /^Similar/ }).click();
  const similar = page.getByTestId('similar-movies');
  await expect(similar).toHaveAttribute('data-movie-id', movieId ?? '');
  const items = similar.locator('li');
  await expect(items).toHaveCount(10);
  const ids = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-movie-id')));
  expect(ids).not.toContain(movieId);
  const similarities = (await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-similarity')))).map(Number);
  expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
});
