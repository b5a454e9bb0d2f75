import { expect, test } from './fixtures';

// Other teams' tests find controls by these labels (../shared/ui-contract.md); labels match as
// case-insensitive substrings, so each must name exactly one control on the page.
test('every labelled control of the UI contract is unique', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const labels = [
    'Epochs',
    'Factors',
    'Learning rate',
    'Batch size',
    'Regularization',
    'Validation share',
    'Model',
    'Ranker',
    'Ranked by',
    'User',
    'Search movies',
  ];
  for (const label of labels) {
    await expect(page.getByLabel(label), label).toHaveCount(1);
  }
  await expect(page.getByLabel('Model')).toHaveJSProperty('tagName', 'SELECT');
  await expect(page.getByLabel('Ranker')).toHaveJSProperty('tagName', 'SELECT');
  await expect(page.getByLabel('Ranked by')).toHaveJSProperty('tagName', 'SELECT');
  await expect(page.getByLabel('User')).toHaveAttribute('data-testid', 'user-select');
  await expect(page.getByLabel('Search movies')).toHaveAttribute('data-testid', 'movie-search');
  for (const id of [
    'file-input',
    'demo-data',
    'train',
    'stop',
    'backend',
    'training-status',
    'rmse-chart',
    'metrics-table',
    'export-model',
    'model-input',
  ]) {
    await expect(page.getByTestId(id), id).toHaveCount(1);
  }
});
