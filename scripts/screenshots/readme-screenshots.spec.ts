/**
 * Writes docs/screenshots/*.png, the README's pictures, from a real run: the demo data trained
 * with the default settings' model, the picks of user 1, in light and dark, wide and phone.
 * Run with `npm run screenshots` (not part of `npm test`: the pictures are committed).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, setTrainingField, test } from '../../e2e/fixtures';

const SIZES = {
  wide: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

for (const [sizeName, viewport] of Object.entries(SIZES)) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${sizeName}, ${colorScheme}`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      if (sizeName === 'wide' && colorScheme === 'light') {
        await expect(page.getByTestId('backend')).toHaveText('webgpu');
        await page.screenshot({ path: 'docs/screenshots/empty-wide-light.png' });
      }
      await page.getByTestId('demo-data').click();
      await expect(page.getByTestId('dataset-summary')).toBeVisible();
      // A short run, so the picture comes in a minute; the rest is the app's defaults.
      await setTrainingField(page, 'Epochs', '12');
      await page.getByTestId('train').click();
      await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
      await page.getByLabel('User').fill('1');
      await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
      // The phone shows the picks from their heading down; the wide screen its first view.
      if (sizeName === 'phone') {
        await page.getByRole('heading', { name: /Top picks/ }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
      } else await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshots/${sizeName}-${colorScheme}.png` });
    });
  }
}

/** The demo data trained with the default settings' model (a short run), in light, at `viewport`. */
async function trainedDemo(page: Page, viewport: { width: number; height: number }) {
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '12');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
}

/** A wide picture from the top of the deck down to the bottom of `last` (a tall window, so that
 * both are on screen at once). */
async function deckDownTo(page: Page, last: Locator, path: string) {
  await page.setViewportSize({ width: SIZES.wide.width, height: 2200 });
  const deck = page.getByTestId('question-deck');
  await deck.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const top = (await deck.boundingBox())!;
  const bottom = (await last.boundingBox())!;
  await page.screenshot({
    path,
    clip: { x: top.x - 8, y: top.y - 8, width: top.width + 16, height: bottom.y + bottom.height + 16 - top.y },
  });
}

// The question deck after a few answers: the grid on a wide screen down to the refreshed For
// you, one card at a time on a phone.
for (const [sizeName, viewport] of Object.entries(SIZES)) {
  test(`deck, ${sizeName}`, async ({ page }) => {
    test.setTimeout(240_000);
    await trainedDemo(page, viewport);
    const deck = page.getByTestId('question-deck');
    const cards = deck.getByTestId('question-card');
    await expect(cards).toHaveCount(10);
    // A person's first answers: three rated, one not seen.
    const answers = ['Rate 5', "Haven't seen", 'Rate 4', 'Rate 3'];
    for (const name of answers) {
      const card = deck.locator('.question-card--current');
      await card.getByRole('button', { name, exact: true }).click();
    }
    await expect(deck).toContainText('You have rated 3 movies');
    await expect(page.getByTestId('for-you').getByTestId('pick')).toHaveCount(10);
    if (sizeName === 'phone') {
      await deck.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `docs/screenshots/deck-${sizeName}.png` });
      return;
    }
    // Wide: the deck down to For you's list, the part of the pane a person looks at.
    await deckDownTo(page, page.getByTestId('for-you'), `docs/screenshots/deck-${sizeName}.png`);
  });
}

// A screen the person had seen none of: the deck asks them to name movies instead.
test('deck, seen none', async ({ page }) => {
  test.setTimeout(240_000);
  await trainedDemo(page, SIZES.wide);
  const deck = page.getByTestId('question-deck');
  await expect(deck.getByTestId('question-card')).toHaveCount(10);
  for (let i = 0; i < 10; i++) await deck.locator('.question-card--current').getByTestId('not-seen').click();
  await expect(page.getByTestId('name-movies')).toBeVisible();
  await deckDownTo(page, page.getByTestId('movie-search'), 'docs/screenshots/deck-seen-none.png');
});
