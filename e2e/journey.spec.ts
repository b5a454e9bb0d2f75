import {
  expect,
  expectNoCspViolations,
  ratedMoviesByUser,
  recordCspViolations,
  setTrainingField,
  smallMovieLensFiles,
  test,
  skipRanker,
} from './fixtures';
import { picksTimeline, recordPicksTimeline } from './picks-timeline';

test('drop MovieLens files, train on WebGPU, see the chart and top picks', async ({ page }) => {
  const { csv, files } = smallMovieLensFiles();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  // Anything the Content-Security-Policy blocks is recorded (and must not happen).
  await recordCspViolations(page);
  await recordPicksTimeline(page);
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain('unsafe-eval');
  expect(policy).not.toContain('unsafe-inline');
  const appOrigin = new URL(page.url()).origin;

  // The backend really in use is WebGPU (SwiftShader here, a real GPU elsewhere).
  await expect(page.getByTestId('backend')).toHaveText('webgpu');

  await page.getByTestId('file-input').setInputFiles(files);
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toBeVisible();
  const ratingLines = csv.ratingsCsv.trim().split('\n').length - 1;
  await expect(summary).toHaveAttribute('data-ratings', String(ratingLines));
  await expect(summary).toHaveAttribute('data-users', '120');
  await expect(summary).toHaveAttribute('data-movies', '300');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await setTrainingField(page, 'Epochs', '4');
  await setTrainingField(page, 'Batch size', '512');
  // Gibbs sampling needs no validation carve by default; asked for one, it is followed and refitted.
  await setTrainingField(page, 'Validation share', '0.1');
  await skipRanker(page);
  await page.getByTestId('train').click();
  // The default, biased MF fitted by Gibbs sampling (Bayesian MF), draws its rows on the engine
  // measured fastest here: the CPU, since this WebGPU is software (SwiftShader); the backend line says so.
  await expect(page.getByTestId('engine')).toHaveText('cpu-gibbs');
  await expect(page.locator('.backend-line')).toContainText('iALS and Gibbs run on the CPU: this GPU is software');
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  // Epochs arrived while training ran, not all at the end (recorded in the page: on the CPU engine
  // these four epochs take well under a second).
  const timeline = await picksTimeline(page);
  expect(timeline.some((s) => s.status === 'training' && s.epochs >= 1 && s.epochs < 4)).toBe(true);

  const rows = page.locator('[data-testid=metrics-table] tbody tr');
  await expect(rows).toHaveCount(4);
  const trainRmse = (await rows.locator('[data-metric=train-rmse]').allTextContents()).map(Number);
  const testRmse = (await rows.locator('[data-metric=test-rmse]').allTextContents()).map(Number);
  // The validation carve (10 % of the training ratings) has its own column: early stopping reads it.
  const validationRmse = (await rows.locator('[data-metric=validation-rmse]').allTextContents()).map(Number);
  expect(validationRmse).toHaveLength(4);
  // Gibbs sampling has no learning rate, so the table shows none.
  await expect(rows.locator('[data-metric=learning-rate]')).toHaveCount(0);
  for (const value of [...trainRmse, ...validationRmse, ...testRmse]) expect(value).toBeGreaterThan(0.2);
  for (const value of [...trainRmse, ...validationRmse, ...testRmse]) expect(value).toBeLessThan(2);
  // The figure reported is the refit model's, for the epoch validation chose.
  await expect(status).toContainText(
    /validation chose epoch \d \(validation RMSE \d\.\d{4}\), refit on all training ratings for \d epochs; test RMSE \d\.\d{4}/,
  );
  // Learning happens: training error falls epoch after epoch.
  expect(trainRmse[3]).toBeLessThan(trainRmse[0]);
  expect(testRmse[3]).toBeLessThan(testRmse[0]);
  // Ranking quality on the test split, beside the popularity baseline, as numbers in [0, 1].
  const ranking = page.getByTestId('ranking-metrics');
  for (const row of ['ranking-model', 'ranking-model-listed', 'ranking-popularity']) {
    for (const metric of ['precision-at-10', 'recall-at-10', 'ndcg-at-10']) {
      const value = Number(await ranking.getByTestId(row).locator(`[data-metric=${metric}]`).textContent());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  }
  // The chart drew train, validation and test, and the baseline.
  const chart = page.getByTestId('rmse-chart');
  await expect(chart.locator('.recharts-line')).toHaveCount(3);
  await expect(chart.getByText('validation RMSE')).toBeVisible();
  await expect(chart.getByText(/bias-only baseline/)).toBeVisible();

  // Top picks for user 7: ten unseen movies, predictions on the rating scale, best first.
  await page.getByLabel('User').fill('7');
  const picks = page.getByTestId('top-picks').getByTestId('pick');
  await expect(picks).toHaveCount(10);
  const seen = ratedMoviesByUser(csv.ratingsCsv).get(7) ?? new Set<number>();
  const predicted: number[] = [];
  for (const pick of await picks.all()) {
    const movieId = Number(await pick.getAttribute('data-movie-id'));
    expect(seen.has(movieId)).toBe(false);
    predicted.push(Number(await pick.getAttribute('data-predicted')));
  }
  for (const value of predicted) {
    expect(value).toBeGreaterThanOrEqual(0.5);
    expect(value).toBeLessThanOrEqual(5);
  }
  expect([...predicted].sort((a, b) => b - a)).toEqual(predicted);

  // An unknown user gets a clear message, not an empty list.
  await page.getByLabel('User').fill('99999');
  await expect(page.getByRole('alert')).toContainText('no user 99999');

  // Nothing left the machine: every request of the whole journey went to the app's own origin.
  expect(requests.length).toBeGreaterThan(0);
  for (const url of requests) expect(url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === appOrigin).toBe(true);
  // The strict policy held for the whole journey: charts, worker, WebGPU, without a violation.
  await expectNoCspViolations(page);
});

test('each model trains in the app: biased MF by Adam, MF and the neural model', async ({ page }) => {
  const { files } = smallMovieLensFiles();
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const model = page.getByLabel('Model');
  await expect(model.locator('option')).toHaveText(['Biased MF', 'MF', 'Neural (MLP)']);
  await expect(model).toHaveValue('biased-mf');
  const optimizer = page.getByLabel('Optimizer');
  await expect(optimizer.locator('option')).toHaveText(['Gibbs sampling (Bayesian MF)', 'Adam', 'SGD']);
  await expect(optimizer).toHaveValue('gibbs');
  // Settings left at the defaults follow the optimizer chosen (Gibbs sampling: 100 sweeps at
  // k = 32; Adam and SGD: 30 epochs at k = 64); a typed one stays.
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('100');
  await setTrainingField(page, 'Factors', '12');
  await optimizer.selectOption({ label: 'Adam' });
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('30');
  await expect(page.getByLabel('Factors', { exact: true })).toHaveValue('12');
  // Gibbs sampling fits biased MF only: the other models do not offer it.
  await model.selectOption({ label: 'MF' });
  await expect(optimizer.locator('option')).toHaveText(['Adam', 'SGD']);

  for (const [label, engine] of [
    ['Biased MF', 'webgpu-fused'],
    ['MF', 'webgpu-fused'],
    ['Neural (MLP)', 'tfjs-autodiff'],
  ] as const) {
    await model.selectOption({ label });
    await setTrainingField(page, 'Epochs', '2');
    if (label === 'Neural (MLP)') await page.getByLabel('Hidden layers').fill('16, 8');
    await skipRanker(page);
    await page.getByTestId('train').click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('engine')).toHaveText(engine);
    await expect(page.locator('[data-testid=metrics-table] tbody tr')).toHaveCount(2);
    await expect(page.locator('[data-testid=metrics-table] tbody [data-metric=learning-rate]')).toHaveCount(2);
    await page.getByLabel('User').fill('3');
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
  }
});
