import type { Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { expect, smallMovieLensFiles, test } from './fixtures';

/** Records whether the import progress bar was ever on screen (it can be brief). */
async function watchForProgress(page: Page) {
  await page.evaluate(() => {
    const flag = window as unknown as { sawProgress: boolean };
    flag.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=import-progress]')) flag.sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

test('drop a MovieLens .zip, see progress and the summary; a reload brings the dataset back without re-import', async ({ page }) => {
  const { csv } = smallMovieLensFiles();
  const zip = zipSync({
    'ml-latest-small/README.txt': strToU8('Synthetic data in the MovieLens layout.'),
    'ml-latest-small/links.csv': strToU8('movieId,imdbId,tmdbId\n1,114709,862\n'),
    'ml-latest-small/movies.csv': strToU8(csv.moviesCsv),
    'ml-latest-small/ratings.csv': strToU8(csv.ratingsCsv),
  });
  await page.goto('/');
  await watchForProgress(page);
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: 'ml-latest-small.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  const summary = page.getByTestId('dataset-summary');
  const ratings = String(csv.ratingsCsv.trim().split('\n').length - 1);
  await expect(summary).toHaveAttribute('data-ratings', ratings);
  await expect(summary).toHaveAttribute('data-users', '120');
  await expect(summary).toHaveAttribute('data-movies', '300');
  await expect(summary).toContainText('Not used: README.txt');
  await expect(summary).toContainText('links.csv');
  expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
  await expect(page.getByTestId('dataset-saved')).toBeVisible();

  await page.reload();
  await expect(summary).toHaveAttribute('data-ratings', ratings);
  await expect(summary).toContainText("Restored from this browser's storage");
  // It is ready to train at once.
  await expect(page.getByTestId('train')).toBeEnabled();

  // Forget data: gone now, and not back after a reload.
  await page.getByRole('button', { name: 'Forget data' }).click();
  await expect(summary).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('backend')).not.toHaveText('…');
  await expect(summary).toHaveCount(0);
});

test('the same files dropped again load from storage instead of being parsed', async ({ page }) => {
  const { files } = smallMovieLensFiles();
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('dataset-saved')).toBeVisible();
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '120');
  await expect(page.getByTestId('dataset-summary')).toContainText("Restored from this browser's storage");
});

test('ml-1m (.dat) and ml-100k (u.data + u.item) layouts import', async ({ page }) => {
  const { csv } = smallMovieLensFiles();
  const ratingLines = csv.ratingsCsv.trim().split('\n').slice(1);
  const movieIds = csv.moviesCsv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[0]));
  // ml-1m: UserID::MovieID::Rating::Timestamp, whole stars; movies.dat in Latin-1.
  const ratingsDat = ratingLines.map((line) => {
    const [u, m, r, t] = line.split(',');
    return `${u}::${m}::${Math.max(1, Math.round(Number(r)))}::${t}`;
  });
  const moviesDat = Buffer.from(movieIds.map((id, i) => `${id}::Caf\u00e9 ${i} (1990)::Drama|Comedy`).join('\n') + '\n', 'latin1');
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([
    { name: 'ratings.dat', mimeType: 'application/octet-stream', buffer: Buffer.from(ratingsDat.join('\n') + '\n') },
    { name: 'movies.dat', mimeType: 'application/octet-stream', buffer: moviesDat },
  ]);
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toHaveAttribute('data-ratings', String(ratingLines.length));
  await expect(summary).toContainText('ratings from 1 to 5');

  // ml-100k: tab-separated u.data and pipe-separated u.item with 19 genre flags.
  const uData = ratingLines.map((line) =>
    line
      .split(',')
      .map((v, i) => (i === 2 ? String(Math.max(1, Math.round(Number(v)))) : v))
      .join('\t'),
  );
  const flags = Array.from({ length: 19 }, (_, g) => (g === 8 ? 1 : 0)).join('|');
  const uItem = movieIds.map((id, i) => `${id}|Film ${i} (1995)|01-Jan-1995||http://example.invalid/|${flags}`);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'u.data', mimeType: 'application/octet-stream', buffer: Buffer.from(uData.join('\n') + '\n') },
    { name: 'u.item', mimeType: 'application/octet-stream', buffer: Buffer.from(uItem.join('\n') + '\n', 'latin1') },
  ]);
  await expect(summary).toContainText('u.data + u.item');
  await expect(summary).toHaveAttribute('data-ratings', String(ratingLines.length));
  await expect(summary).toHaveAttribute('data-movies', String(movieIds.length));
});

test('Cancel stops a long import and keeps the data loaded before', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
  // About 40 MB of ratings: long enough to cancel.
  const lines = ['userId,movieId,rating,timestamp'];
  for (let i = 0; i < 2_000_000; i++) lines.push(`${1 + (i % 5000)},${1 + ((i * 7) % 9000)},${1 + (i % 9) / 2},${1000000000 + i}`);
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) }]);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import cancelled' })).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
});
