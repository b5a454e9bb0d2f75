import { expect, test, VIEWPORTS } from './fixtures';
import { picksTimeline, recordPicksTimeline } from './picks-timeline';

test('Try it with demo data loads, trains with the defaults and shows a sample user’s picks, with no other click', async ({ page }) => {
  test.setTimeout(240_000);
  await recordPicksTimeline(page);
  await page.goto('/');
  const tryDemo = page.getByTestId('try-demo');
  // The empty page's one primary action, beside the drop zone and a line on where the files come from.
  await expect(tryDemo).toBeVisible();
  await expect(page.locator('.button--primary:visible')).toHaveCount(1);
  await expect(page.getByText(/MovieLens files come from GroupLens/)).toBeVisible();
  await tryDemo.click();

  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  // Training starts by itself, with its progress on screen.
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('training-progress')).toBeVisible();
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  await expect(page.getByLabel('User')).toHaveValue('1');
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  // Stars come with the rating model.
  await expect(picks.first()).toContainText('★');

  // What the page showed on the way, in order (recorded in the page, so no phase is missed).
  const timeline = await picksTimeline(page);
  const clicked = timeline.findIndex((s) => s.click === 'try-demo');
  const firstListed = timeline.findIndex((s) => s.picks === 10);
  expect(clicked).toBeGreaterThanOrEqual(0);
  expect(firstListed).toBeGreaterThan(clicked);
  // The ranking model trains first: a sample user's picks (the lowest id: the demo's users are 1
  // to 400) are listed from its early model, marked so, without stars, while the training goes on.
  expect(timeline[firstListed]).toMatchObject({ firstPicks: 'early', status: 'training', stars: false });
  // The final ranking model replaces them in place (the mark goes) while the rating model still trains…
  const finalRanker = timeline.findIndex((s, i) => i > firstListed && s.firstPicks === null && s.picks === 10);
  expect(timeline[finalRanker]).toMatchObject({ status: 'training', stars: false });
  // …and the list never emptied between the first picks and the end (no jump).
  const afterFirst = timeline.slice(firstListed);
  expect(afterFirst.filter((s) => s.picks !== 10)).toEqual([]);
  // Stars appear only once the rating model is ready, at the end.
  const starred = afterFirst.findIndex((s) => s.stars);
  expect(afterFirst.slice(0, starred).every((s) => s.status === 'training')).toBe(true);
  expect(afterFirst.at(-1)).toMatchObject({ status: 'done', stars: true, firstPicks: null });
  // With data loaded the offer is gone; the demo button stays for loading it again.
  await expect(tryDemo).toHaveCount(0);
  await expect(page.getByTestId('demo-data')).toBeVisible();
});

test.describe('on a 390 × 844 phone', () => {
  test.use(VIEWPORTS['on a 390 × 844 phone']);

  test('Try it with demo data works by a tap; Stop keeps what it trained and the sample user’s picks still come', async ({ page }) => {
    await page.goto('/');
    const tryDemo = page.getByTestId('try-demo');
    await expect(page.getByTestId('backend')).toHaveText('webgpu');
    await tryDemo.tap();
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-state', 'training');
    await expect(page.getByTestId('training-progress')).toBeVisible();
    // The whole default run is the wide test's; here two epochs, then a tap on Stop.
    await expect(page.getByTestId('metrics-table').locator('tr[data-epoch="2"]')).toBeAttached({ timeout: 60_000 });
    await page.getByTestId('stop').tap();
    await expect(status).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
    await expect(page.getByLabel('User')).toHaveValue('1');
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test('the page never scrolls sideways, in any state of the journey, nor after a reload', async ({ page }) => {
    // The document's width on every change of the page, with the training state then: a check
    // made in one state misses a table that overflows in another.
    const widest = `(() => {
      window.sideways = [];
      new MutationObserver(() => {
        const width = document.documentElement.scrollWidth;
        if (width > window.innerWidth) {
          const state = document.querySelector('[data-testid=training-status]')?.getAttribute('data-state') ?? 'empty';
          window.sideways.push(width + ' px while ' + state);
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    })();`;
    await page.addInitScript({ content: widest });
    const sideways = () => page.evaluate(() => (window as unknown as { sideways: string[] }).sideways);
    await page.goto('/');
    await page.getByTestId('try-demo').tap();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
    expect(await sideways()).toEqual([]);
    // A rating of one's own, then a reload (the data and the model come back).
    await page.getByLabel('Search movies').fill('the');
    await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 4', exact: true }).tap();
    await expect(page.getByTestId('for-you').getByTestId('pick')).toHaveCount(10);
    expect(await sideways()).toEqual([]);
    await page.reload();
    await expect(page.getByTestId('dataset-summary')).toBeVisible();
    await page.getByLabel('User').fill('2');
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
    expect(await sideways()).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
