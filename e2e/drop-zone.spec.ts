import { expect, smallMovieLensFiles, test } from './fixtures';

test('files dropped on the drop zone load like picked ones', async ({ page }) => {
  const { csv } = smallMovieLensFiles();
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle(
    ({ movies, ratings }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([ratings], 'ratings.csv', { type: 'text/csv' }));
      transfer.items.add(new File([movies], 'movies.csv', { type: 'text/csv' }));
      return transfer;
    },
    { movies: csv.moviesCsv, ratings: csv.ratingsCsv },
  );
  const dropZone = page.getByRole('region', { name: 'Drop zone for MovieLens files' });
  await dropZone.dispatchEvent('dragover', { dataTransfer });
  await dropZone.dispatchEvent('drop', { dataTransfer });
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toHaveAttribute('data-users', '120');
  await expect(summary).toHaveAttribute('data-movies', '300');
  await expect(summary).toHaveAttribute('data-ratings', String(csv.ratingsCsv.trim().split('\n').length - 1));
});
