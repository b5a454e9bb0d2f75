import type { Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { expect, setTrainingField, test, skipRanker } from './fixtures';

test('no serious or critical accessibility violations on any screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(await seriousViolations(page), 'start').toEqual([]);

  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '3');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByLabel('User').fill('4');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
  await page
    .getByTestId('top-picks')
    .getByRole('button', { name: /^Why\?/ })
    .first()
    .click();
  await expect(page.getByTestId('why-this')).toBeVisible();
  await page.getByLabel('Search movies').fill('the');
  await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 4', exact: true }).click();
  await expect(page.getByTestId('my-ratings').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('taste-map')).toBeVisible();
  expect(await seriousViolations(page), 'trained, with picks and ratings').toEqual([]);
});

/** Presses Tab until `target` has focus (a person finding it with the keyboard). */
async function tabTo(page: Page, target: import('@playwright/test').Locator, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
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
  await tabTo(page, page.getByTestId('train'));
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
