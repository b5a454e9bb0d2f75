import { expect, setTrainingField, test, skipRanker, atBothViewports } from './fixtures';

atBothViewports(() => {
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

    const cardCount = await picks.count();
    // Why this pick: it opens in the card that asked, and the parts add up to the prediction.
    const first = picks.first();
    const predicted = Number(await first.getAttribute('data-predicted'));
    const whyButton = first.getByRole('button', { name: /^Why\?/ });
    await expect(whyButton).toHaveAttribute('aria-expanded', 'false');
    await whyButton.click();
    const why = first.getByTestId('why-this');
    await expect(why).toBeVisible();
    await expect(whyButton).toHaveAttribute('aria-expanded', 'true');
    const part = async (name: string) => Number(((await why.locator(`[data-part=${name}] td`).textContent()) ?? '').replace('−', '-'));
    const sum = (await part('global-mean')) + (await part('user-bias')) + (await part('movie-bias')) + (await part('taste-match'));
    expect(Math.min(5, Math.max(0.5, sum))).toBeCloseTo(predicted, 1);
    await expect(why.getByTestId('because').first()).toBeVisible();
    // Focus went into it; Escape closes it and gives focus back to the button.
    await expect(first.getByRole('region', { name: /^Why / })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('why-this')).toHaveCount(0);
    await expect(whyButton).toBeFocused();
    await expect(whyButton).toHaveAttribute('aria-expanded', 'false');

    // Similar movies, by keyboard: ten others, most similar first, in the same card.
    const movieId = await first.getAttribute('data-movie-id');
    await page.keyboard.press('Tab');
    const similarButton = first.getByRole('button', { name: /^Similar/ });
    await expect(similarButton).toBeFocused();
    await page.keyboard.press('Enter');
    const similar = first.getByTestId('similar-movies');
    await expect(similar).toHaveAttribute('data-movie-id', movieId ?? '');
    const items = similar.locator('li');
    await expect(items).toHaveCount(10);
    const ids = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-movie-id')));
    expect(ids).not.toContain(movieId);
    const similarities = (await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-similarity')))).map(Number);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
    // The pick list still holds its cards, the insight inside the first.
    await expect(picks).toHaveCount(cardCount);
    // A similar movie's own similar movies open in the same place; Close hands focus back.
    const next = await items.first().getAttribute('data-movie-id');
    await items.first().getByRole('button').click();
    await expect(similar).toHaveAttribute('data-movie-id', next ?? '');
    await similar.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('similar-movies')).toHaveCount(0);
    await expect(similarButton).toBeFocused();
  });
});
