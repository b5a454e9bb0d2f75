import type { Locator, Page } from '@playwright/test';
import { axeViolations } from './axe';
import { expect, setTrainingField, test, skipRanker } from './fixtures';

/**
 * axe, every rule at every impact, in each state a person passes through: the empty page, data
 * loaded, a training running, picks with an insight open and ratings of one's own, and the
 * other theme; once wide in light and once on a phone in dark.
 */
async function expectAxeCleanThroughTheJourney(page: Page, tap: boolean) {
  const press = (locator: Locator) => (tap ? locator.tap() : locator.click());
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(await axeViolations(page), 'empty').toEqual([]);

  await press(page.getByTestId('demo-data'));
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  expect(await axeViolations(page), 'loaded').toEqual([]);

  // Enough epochs that it is still running while axe looks (a demo epoch takes ~50 ms on the CPU
  // engine here); stopped once it has.
  await setTrainingField(page, 'Epochs', '500');
  await skipRanker(page);
  await press(page.getByTestId('train'));
  const status = page.getByTestId('training-status');
  await expect(page.getByTestId('metrics-table').locator('tr[data-epoch="1"]')).toBeVisible({ timeout: 60_000 });
  await expect(status).toHaveAttribute('data-state', 'training');
  expect(await axeViolations(page), 'training').toEqual([]);
  await press(page.getByTestId('stop'));
  await expect(status).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });

  await page.getByLabel('User').fill('4');
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  await press(picks.first().getByRole('button', { name: /^Why\?/ }));
  await expect(page.getByTestId('why-this')).toBeVisible();
  await page.getByLabel('Search movies').fill('the');
  await press(page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 4', exact: true }));
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('taste-map')).toBeVisible();
  await press(
    page
      .getByTestId('search-result')
      .nth(1)
      .getByRole('button', { name: /^Similar/ }),
  );
  await expect(page.getByTestId('similar-movies')).toBeVisible();
  expect(await axeViolations(page), 'picks, an insight open, ratings of ones own').toEqual([]);

  const theme = await page.locator('html').getAttribute('data-theme');
  await press(page.getByTestId('theme-toggle'));
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', theme ?? '');
  expect(await axeViolations(page), 'the same, in the other theme').toEqual([]);
}

test.describe('wide, light', () => {
  test.use({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  test('axe finds nothing in any state: empty, loaded, training, picks, and dark', async ({ page }) => {
    test.setTimeout(300_000);
    await expectAxeCleanThroughTheJourney(page, false);
  });
});

test.describe('phone, dark, by touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', hasTouch: true });
  test('axe finds nothing in any state: empty, loaded, training, picks, and light', async ({ page }) => {
    test.setTimeout(300_000);
    await expectAxeCleanThroughTheJourney(page, true);
  });
});

/** Presses Tab (Shift+Tab going `back`) until `target` has focus (a person finding it with the keyboard). */
async function tabTo(page: Page, target: Locator, { back = false, limit = 80 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${target} with ${back ? 'Shift+Tab' : 'Tab'}`);
}

test('the whole journey works with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await tabTo(page, page.getByTestId('demo-data'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();

  await tabTo(page, page.getByLabel('Epochs', { exact: true }));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('3');
  // On a wide screen Train is in the top bar, above the settings: back up to it.
  await tabTo(page, page.getByTestId('train'), { back: (page.viewportSize()?.width ?? 0) >= 1200 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await tabTo(page, page.getByLabel('User'));
  await page.keyboard.type('5');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);

  await tabTo(page, page.getByLabel('Search movies'));
  await page.keyboard.type('the');
  const hit = page.getByTestId('search-result').first();
  await tabTo(page, hit.getByRole('button', { name: 'Rate 5', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('for-you').getByTestId('pick')).toHaveCount(10);
});
