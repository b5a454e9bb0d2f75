import { summarize } from '../src/recsys/dataset';
import { buildDataset } from '../src/recsys/import/build-dataset';
import { formatProblem } from '../src/recsys/import/import-problem';
import { expect, test } from './fixtures';

/**
 * A ratings file above the parallel threshold (8 MiB) is read by more than one parse worker
 * (one per core) and must give what the single-stream path gives: the same counts, the same
 * skipped lines with the same line numbers. The expectation comes from the project's own
 * single-stream import (buildDataset) run here in Node on the same bytes.
 */

const MOVIES = 3000;

function movieLensFiles() {
  const movies = [
    'movieId,title,genres',
    ...Array.from({ length: MOVIES }, (_, m) => `${m + 1},Movie ${m + 1} (${1950 + (m % 70)}),Drama`),
  ];
  const lines = ['userId,movieId,rating,timestamp'];
  const users = 8400;
  for (let u = 1; u <= users; u++) {
    // 7 and 3000 are coprime: each user's 50 movies are distinct.
    for (let k = 0; k < 50; k++)
      lines.push(`${u},${1 + ((u * 31 + k * 7) % MOVIES)},${1 + ((u + k) % 9) / 2},${1_200_000_000 + u * 100 + k}`);
    // Bad and odd lines spread over the file, some near its middle, where two workers meet.
    if (u === 700) lines.push('x,1,4,1', '');
    if (u === users / 2) lines.push(`${u},1,9,1`, `${u},99999,4,5`);
    if (u === users / 2 + 1) lines.push(`${u - 1},${1 + (((u - 1) * 31) % MOVIES)},2,1`); // a repeated pair, earlier: dropped
    if (u === 6500) lines.push('6500,2,3.5', '6500,"3",4,1');
  }
  return { moviesCsv: `${movies.join('\n')}\n`, ratingsCsv: `${lines.join('\n')}\n` };
}

test('a multi-MB ratings file is read by several parse workers and gives what one stream gives', async ({ page }) => {
  const { moviesCsv, ratingsCsv } = movieLensFiles();
  // Above the parallel threshold (PARALLEL_MIN_BYTES, 8 MiB), with a margin.
  expect(ratingsCsv.length).toBeGreaterThan(9 << 20);
  const expected = buildDataset(
    [
      { name: 'ratings.csv', text: ratingsCsv },
      { name: 'movies.csv', text: moviesCsv },
    ],
    'expected',
  );
  const summary = summarize(expected.dataset);
  expect(expected.report.totalSkipped).toBe(6);
  expect(expected.report.duplicatesDropped).toBe(1);

  await page.goto('/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratingsCsv) },
    { name: 'movies.csv', mimeType: 'text/csv', buffer: Buffer.from(moviesCsv) },
  ]);
  const loaded = page.getByTestId('dataset-summary');
  await expect(loaded).toHaveAttribute('data-ratings', String(summary.ratingCount));
  await expect(loaded).toHaveAttribute('data-users', String(summary.userCount));
  await expect(loaded).toHaveAttribute('data-movies', String(summary.movieCount));
  // One parse worker per core (at most 8); one core would read it in one stream.
  await expect(loaded).toHaveAttribute('data-parse-workers', String(Math.min(8, Math.max(1, cores))));
  if (cores >= 2) expect(Number(await loaded.getAttribute('data-parse-workers'))).toBeGreaterThan(1);

  const warning = page.getByRole('alert');
  await expect(warning).toContainText(`Skipped ${expected.report.totalSkipped} lines`);
  await expect(warning.getByRole('listitem')).toHaveText(expected.report.problems.map((p) => formatProblem(p)));
});
