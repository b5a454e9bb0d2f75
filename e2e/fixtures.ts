import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { generateDemoCsv, type DemoDataOptions } from '../src/recsys/demo-data';
import { watchErrors, type ErrorWatch } from './error-watch';

export type { ErrorWatch, WatchedError, WatchedErrorKind } from './error-watch';

/**
 * The project's `test`: every test runs with an error watch on (the auto fixture `errors`). It fails
 * the test, after the body and with each error's text and location, on any uncaught error or
 * unhandled rejection in any page of any browser context the test makes, or in their Web Workers,
 * and on any `console.error` (page or worker) the test did not declare with `errors.allow`.
 */
export const test = base.extend<{ errors: ErrorWatch }>({
  errors: [
    async ({ browser, context }, use, testInfo) => {
      const watch = watchErrors(browser, context, testInfo);
      await use(watch);
      await watch.settleAndCheck();
    },
    { auto: true },
  ],
});

export { expect };

/** The two screens the workspace is built for: a wide one, and a phone with a touch screen. */
export const VIEWPORTS = {
  'at 1440 × 900': { viewport: { width: 1440, height: 900 } },
  'on a 390 × 844 phone': { viewport: { width: 390, height: 844 }, hasTouch: true },
} as const;

/** Declares the tests `body` makes once per viewport, each in a describe named after it. */
export function atBothViewports(body: () => void): void {
  for (const [name, options] of Object.entries(VIEWPORTS))
    test.describe(name, () => {
      test.use(options);
      body();
    });
}

/** Small MovieLens-shaped files from the project's own generator (fast under SwiftShader). */
export function smallMovieLensFiles(options: DemoDataOptions = { seed: 3, userCount: 120, movieCount: 300, meanRatingsPerUser: 40 }) {
  const csv = generateDemoCsv(options);
  return {
    csv,
    files: [
      { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.moviesCsv) },
      { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.ratingsCsv) },
    ],
  };
}

/** Movie ids each user rated, read back from the ratings CSV. */
export function ratedMoviesByUser(ratingsCsv: string): Map<number, Set<number>> {
  const byUser = new Map<number, Set<number>>();
  for (const line of ratingsCsv.trim().split('\n').slice(1)) {
    const [user, movie] = line.split(',').map(Number);
    if (!byUser.has(user)) byUser.set(user, new Set());
    byUser.get(user)?.add(movie);
  }
  return byUser;
}

export async function setTrainingField(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await expect(input).toHaveValue(value);
}

/**
 * Trains without the ranking model: specs that are not about ranking skip its sweeps, which are
 * slow on SwiftShader (ranking.spec.ts covers the ranker).
 */
export async function skipRanker(page: Page) {
  await page.getByLabel('Ranker').selectOption('none');
}

/** Records everything the Content-Security-Policy blocks; call before page.goto. */
export async function recordCspViolations(page: Page) {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`));
  });
}

export async function expectNoCspViolations(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
}

/** Picks how the rating model is fitted (the default, for biased MF, is Gibbs sampling). */
export async function chooseOptimizer(page: Page, label: 'Gibbs sampling (Bayesian MF)' | 'Adam' | 'SGD'): Promise<void> {
  await page.getByLabel('Optimizer').selectOption({ label });
}

/**
 * Loads the demo data, trains it for `epochs` without the ranker and shows user `userId`'s ten
 * picks: the journey specs about something else (themes, layout, offline) start from. `press`
 * is how a control is used: a click, or a tap on a touch screen.
 */
export async function trainDemoAndShowPicks(
  page: Page,
  { epochs, userId, press = (locator) => locator.click() }: { epochs: number; userId: string; press?: (locator: Locator) => Promise<void> },
): Promise<void> {
  await press(page.getByTestId('demo-data'));
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await setTrainingField(page, 'Epochs', String(epochs));
  await skipRanker(page);
  await press(page.getByTestId('train'));
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.getByLabel('User').fill(userId);
  await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
}
