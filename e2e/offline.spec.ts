import { expect, setTrainingField, skipRanker, test } from './fixtures';

test('after one visit the app loads and trains the demo with the network off (an installable PWA)', async ({ page, context }) => {
  await page.goto('/');
  // The manifest makes it installable; the service worker has precached the app.
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
    return link ? ((await (await fetch(link.href)).json()) as { name: string; display: string; icons: unknown[] }) : undefined;
  });
  expect(manifest).toMatchObject({ name: 'Movie recommender', display: 'standalone' });
  expect(manifest?.icons.length).toBeGreaterThan(0);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', '2');
  await skipRanker(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.getByLabel('User').fill('1');
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
  await context.setOffline(false);
});
