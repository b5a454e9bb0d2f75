import { expect, test, trainDemoAndShowPicks, atBothViewports } from './fixtures';

atBothViewports(() => {
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
    await trainDemoAndShowPicks(page, { epochs: 2, userId: '1' });
    await context.setOffline(false);
  });
});
