import { expect, test } from './fixtures';

test('a file that is not MovieLens gets a message naming the file, the line and what was expected', async ({ page }) => {
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('name,age\nbob,3\n') }]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('notes.csv, line 1');
  await expect(alert).toContainText('userId,movieId,rating,timestamp');
  await expect(page.getByTestId('dataset-summary')).toHaveCount(0);

  // The app stays usable: the demo data still loads, and the error goes away.
  await page.getByTestId('demo-data').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A failed import keeps the data that was loaded before.
  await page.getByTestId('file-input').setInputFiles([{ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from('') }]);
  await expect(page.getByRole('alert')).toContainText('ratings.csv: the file is empty');
  await expect(page.getByRole('alert')).toContainText('previous data');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
});

test('bad rows are skipped, counted and listed with their lines; the rest loads', async ({ page }) => {
  await page.goto('/');
  const ratings = [
    'userId,movieId,rating,timestamp',
    '1,1,4,100',
    '1,2,abc,100', // line 3
    '2,1,9,100', // line 4
    '2,2,3.5,100',
    '3,77,4,100', // line 6: movie not in movies.csv
  ].join('\n');
  const movies = 'movieId,title,genres\n1,"<b>Bold</b>, The (1990)",Drama\n2,Second (1991),Comedy\n';
  await page.getByTestId('file-input').setInputFiles([
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratings) },
    { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(movies) },
  ]);
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toHaveAttribute('data-ratings', '2');
  await expect(summary).toHaveAttribute('data-users', '2');
  await expect(summary).toHaveAttribute('data-movies', '2');
  const warning = page.getByRole('alert');
  await expect(warning).toContainText('Skipped 3 lines');
  await expect(warning).toContainText('ratings.csv, line 3: rating "abc" is not a rating');
  await expect(warning).toContainText('ratings.csv, line 4');
  await expect(warning).toContainText('ratings.csv, line 6: movieId 77 is not in movies.csv');
});

test('HTML and script inside titles are shown as text and never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/');
  const movies =
    'movieId,title,genres\n1,<script>alert(1)</script> (1999),Drama\n2,<img src=x onerror=alert(2)> (2000),Drama\n3,Plain (2001),Drama\n';
  const ratings = 'userId,movieId,rating,timestamp\n1,1,5,1\n1,2,4,1\n2,3,3,1\n2,1,2,1\n';
  await page.getByTestId('file-input').setInputFiles([
    { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(movies) },
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratings) },
  ]);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-movies', '3');
  await page.getByLabel('Search movies').fill('script');
  await expect(page.getByTestId('search-result').first()).toContainText('<script>alert(1)</script> (1999)');
  await page.getByLabel('Search movies').fill('img');
  await expect(page.getByTestId('search-result').first()).toContainText('<img src=x onerror=alert(2)> (2000)');
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
