import { axeViolations } from './axe';
import { expect, test, trainDemoAndShowPicks, atBothViewports } from './fixtures';

/** Relative luminance of a CSS rgb() colour (WCAG), to tell a dark page from a light one. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

atBothViewports(() => {
  test.describe('with a dark system preference', () => {
    test.use({ colorScheme: 'dark' });

    test('the page starts dark, charts included; the toggle switches to light and is remembered across a reload', async ({ page }) => {
      await page.goto('/');
      const html = page.locator('html');
      await expect(html).toHaveAttribute('data-theme', 'dark');
      expect(luminance(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))).toBeLessThan(0.05);

      await trainDemoAndShowPicks(page, { epochs: 3, userId: '4' });
      // The chart's curves take the dark palette: light strokes on the dark panel.
      const trainStroke = await page
        .getByTestId('rmse-chart')
        .locator('.recharts-line-curve')
        .first()
        .evaluate((path) => getComputedStyle(path).stroke);
      expect(luminance(trainStroke)).toBeGreaterThan(0.3);
      expect(await axeViolations(page), 'dark, trained, with picks').toEqual([]);

      await page.getByTestId('theme-toggle').click();
      await expect(html).toHaveAttribute('data-theme', 'light');
      expect(luminance(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))).toBeGreaterThan(0.8);
      await page.reload();
      // The choice outlives the system preference and the reload.
      await expect(html).toHaveAttribute('data-theme', 'light');
      await page.getByTestId('theme-toggle').click();
      await expect(html).toHaveAttribute('data-theme', 'dark');
    });
  });
});
test('a light system preference starts light, and the toggle names what it switches to', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAccessibleName('Switch to the dark theme');
  expect(await axeViolations(page), 'light, empty').toEqual([]);
});
