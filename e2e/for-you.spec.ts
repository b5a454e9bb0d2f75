import { expect, expectNoCspViolations, recordCspViolations, setTrainingField, test, skipRanker } from './fixtures';

test('rate movies found by title and get picks of your own at once; they survive a reload', async ({ page }) => {
  await recordCspViolations(page);
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const forYou = page.getByTestId('for-you').getByTestId('pick');
  await setTrainingField(page, 'Epochs', '8');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // Before any rating: well-rated popular movies.
  await expect(page.getByRole('heading', { name: 'Well rated and popular' })).toBeVisible();
  await expect(forYou).toHaveCount(10);
  const popular = await forYou.evaluateAll((items) => items.map((item) => item.getAttribute('data-movie-id')));

  // Search is case- and accent-insensitive and finds "Title, The (year)" by "the title".
  const search = page.getByLabel('Search movies');
  const firstTitle = (await page.getByTestId('for-you').locator('.pick__title').first().textContent()) ?? '';
  const words = firstTitle.replace(/ \(\d{4}\)$/, '').replace(/^(.*), The$/, 'the $1');
  await search.fill(words.toUpperCase());
  const hit = page.getByTestId('search-result').first();
  await expect(hit).toContainText(firstTitle);
  const likedId = await hit.getAttribute('data-movie-id');
  await hit.getByRole('button', { name: 'Rate 5', exact: true }).click();
  const mine = page.getByTestId('my-ratings').locator('li');
  await expect(mine).toHaveCount(1);
  await expect(mine.first()).toHaveAttribute('data-movie-id', likedId ?? '');
  await expect(mine.first()).toHaveAttribute('data-rating', '5');
  await expect(page.getByRole('heading', { name: 'Picked for you' })).toBeVisible();
  await expect(forYou).toHaveCount(10);
  // The rated movie is never picked, and the list is now the person's own.
  const picked = await forYou.evaluateAll((items) => items.map((item) => item.getAttribute('data-movie-id')));
  expect(picked).not.toContain(likedId);
  expect(picked).not.toEqual(popular);
  const millis = Number(
    (await page.getByTestId('for-you').locator('xpath=following-sibling::p[1]').textContent())?.match(/in ([\d.]+) ms/)?.[1],
  );
  expect(millis).toBeLessThan(100);

  // Change it to half a star, then rate a second movie low.
  await mine.first().getByRole('combobox').selectOption('2.5');
  await expect(mine.first()).toHaveAttribute('data-rating', '2.5');
  await search.fill(popular[3] ? 'a' : 'e');
  await page.getByTestId('search-result').nth(2).getByRole('button', { name: 'Rate 1', exact: true }).click();
  await expect(mine).toHaveCount(2);

  // The taste map: the demo's 1,000 movies (fewer than the 1,500 drawn at most), the person among
  // them, and a click on a movie opens its similar movies.
  const map = page.getByTestId('taste-map');
  await expect(map).toHaveAttribute('data-points', '1000');
  await expect(map.locator('.recharts-legend-item-text', { hasText: /^you$/ })).toBeVisible();
  // The last symbol of the last genre drawn before "you": on top of every other movie's.
  await map.locator('.recharts-scatter').nth(-2).locator('.recharts-scatter-symbol').last().click();
  await expect(page.getByTestId('similar-movies').locator('li')).toHaveCount(10);

  // A reload brings the data, and the person's ratings, back.
  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(2);
  // Remove one.
  await page
    .getByTestId('my-ratings')
    .getByRole('button', { name: /^Remove/ })
    .first()
    .click();
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
  await expectNoCspViolations(page);
});
