import { chooseOptimizer, expect, setTrainingField, skipRanker, test, atBothViewports } from './fixtures';

atBothViewports(() => {
  test('runs: each training is a row; tick one to overlay it, restore its settings, keep them over a reload; the link reproduces the settings', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await page.getByTestId('demo-data').click();
    await expect(page.getByTestId('dataset-summary')).toBeVisible();
    await chooseOptimizer(page, 'Adam');
    await setTrainingField(page, 'Epochs', '2');
    await skipRanker(page);
    const status = page.getByTestId('training-status');
    await page.getByTestId('train').click();
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const runs = page.getByTestId('runs-table');
    await expect(runs.locator('tbody tr')).toHaveCount(1);
    const first = runs.locator('tr[data-run="1"]');
    await expect(first).toContainText('Biased MF, Adam');
    expect(Number(await first.locator('[data-metric=test-rmse]').textContent())).toBeGreaterThan(0.3);

    // A second run with other settings; the hash says them.
    await setTrainingField(page, 'Factors', '16');
    await setTrainingField(page, 'Regularization', '0.05');
    await page.getByTestId('train').click();
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(runs.locator('tbody tr')).toHaveCount(2);
    expect(new URL(page.url()).hash).toContain('k=16');
    expect(new URL(page.url()).hash).toContain('reg=0.05');

    // Overlay run 1: one more curve, its legend naming how it differs from the run drawn.
    const chart = page.getByTestId('rmse-chart');
    const curvesBefore = await chart.locator('.recharts-line').count();
    await first.getByRole('checkbox').check();
    await expect(chart.locator('.recharts-line')).toHaveCount(curvesBefore + 1);
    await expect(chart).toContainText('run 1 test (k 64, λ 0.1)');

    // One click brings run 1's settings back into the form.
    await first.getByRole('button', { name: 'Restore settings' }).click();
    await expect(page.getByLabel('Factors', { exact: true })).toHaveValue('64');
    await expect(page.getByLabel('Regularization', { exact: true })).toHaveValue('0.1');

    // Runs outlive a reload.
    await page.reload();
    await expect(page.getByTestId('dataset-summary')).toBeVisible();
    await expect(runs.locator('tbody tr')).toHaveCount(2);
    await expect(runs.locator('tr[data-run="2"]')).toContainText('k 16');

    // A link with run 2's settings opens with them in the form.
    const linked = await context.newPage();
    await linked.goto('/#model=biased-mf&optimizer=adam&k=16&reg=0.05&epochs=2&seed=11');
    await expect(linked.getByLabel('Factors', { exact: true })).toHaveValue('16');
    await expect(linked.getByLabel('Regularization', { exact: true })).toHaveValue('0.05');
    await expect(linked.getByLabel('Optimizer')).toHaveValue('adam');
    await linked.close();
  });
});
