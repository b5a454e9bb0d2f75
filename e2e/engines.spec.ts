import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { expect, setTrainingField, smallMovieLensFiles, test } from './fixtures';

/**
 * The app against the real engines. `npm test` runs spark/engine_check.py prepare first (real
 * Spark MLlib ALS and real implicit, trained on ml-latest-small and the app's own split), then
 * this spec, then engine_check.py verify, which opens in Spark and implicit what this spec
 * downloads from the app (ENGINES_DIR/app-exports).
 */

const ENGINES_DIR = resolve(process.env.ENGINES_DIR ?? 'test-reports/engines');
const DATA_DIR = resolve(process.env.ENGINE_DATA ?? '../shared/data/ml-latest-small');
const EXPORTS = join(ENGINES_DIR, 'app-exports');
const prepared = existsSync(join(ENGINES_DIR, 'prepared.json'));
const TOLERANCE = 1e-5;

type Scores = Record<string, Record<string, number>>;
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

test.describe('models from Spark and implicit, and the app’s exports for them', () => {
  test.skip(!prepared, `no ${ENGINES_DIR}/prepared.json: run "npm test" (it trains the Spark and implicit models first)`);
  test.describe.configure({ mode: 'serial' });

  const checkedUsers = prepared ? readJson<{ checkedUsers: number[] }>(join(ENGINES_DIR, 'prepared.json')).checkedUsers : [];

  async function loadMovieLensSmall(page: Page, hash = '') {
    await page.goto(`/${hash}`);
    await page.getByTestId('file-input').setInputFiles([join(DATA_DIR, 'movies.csv'), join(DATA_DIR, 'ratings.csv')]);
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-ratings', '100836', { timeout: 60_000 });
  }

  async function importModel(page: Page, file: string | { name: string; buffer: Buffer }) {
    const payload = typeof file === 'string' ? file : { ...file, mimeType: 'application/octet-stream' };
    await page.getByTestId('model-input').setInputFiles(payload);
  }

  /** Every listed pick's attribute against the engine's own score for that user and movie. */
  async function largestDifference(picks: Locator, attribute: string, expected: Record<string, number>, clamp: boolean) {
    const listed = await picks.evaluateAll(
      (items, name) => items.map((item) => [item.getAttribute('data-movie-id'), item.getAttribute(name)] as const),
      attribute,
    );
    if (listed.length === 0) return Number.POSITIVE_INFINITY;
    let worst = 0;
    for (const [movie, value] of listed) {
      const engine = expected[movie ?? ''];
      if (engine === undefined || value === null) return Number.POSITIVE_INFINITY;
      const want = clamp ? Math.min(5, Math.max(0.5, engine)) : engine;
      worst = Math.max(worst, Math.abs(Number(value) - want));
    }
    return worst;
  }

  /** For each checked user: every Top pick's score is the engine's own prediction. */
  async function expectEngineScores(page: Page, expected: Scores, attribute: 'data-match' | 'data-predicted') {
    const picks = page.getByTestId('top-picks').getByTestId('pick');
    for (const user of checkedUsers) {
      await page.getByLabel('User').fill(String(user));
      await expect
        .poll(() => largestDifference(picks, attribute, expected[String(user)]!, attribute === 'data-predicted'), {
          message: `user ${user}: every pick's ${attribute} equals the engine's prediction`,
        })
        .toBeLessThanOrEqual(TOLERANCE);
    }
  }

  async function rankingNdcg(page: Page, row: 'ranking-ranker' | 'ranking-model'): Promise<number> {
    const cell = page.getByTestId('imported-ranking').getByTestId(row).locator('[data-metric=ndcg-at-10]');
    await expect(cell).toHaveText(/^\d\.\d{4}$/, { timeout: 60_000 });
    return Number(await cell.textContent());
  }

  async function exportAs(
    page: Page,
    button: 'export-model' | 'export-ranker' | 'export-dataset',
    format: string | undefined,
    fileName: string,
  ) {
    if (format) await page.getByLabel('Export format').selectOption({ label: format });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    await download.saveAs(join(EXPORTS, fileName));
    return join(EXPORTS, fileName);
  }

  async function pickSignature(page: Page) {
    return page
      .getByTestId('top-picks')
      .getByTestId('pick')
      .evaluateAll((items) => items.map((item) => `${item.getAttribute('data-movie-id')}:${item.getAttribute('data-match')}`));
  }

  test('a real Spark ALS model (implicit) imports: picks score as Spark does, ranking as the job measured, round trip bit for bit', async ({
    page,
  }) => {
    mkdirSync(EXPORTS, { recursive: true });
    await loadMovieLensSmall(page);
    await importModel(page, join(ENGINES_DIR, 'spark-implicit/model.zip'));
    const status = page.getByRole('status').filter({ hasText: 'Imported model.zip' });
    await expect(status).toContainText('Spark ALS, rank 64, 15 iterations, implicit feedback', { timeout: 60_000 });
    // The job's NDCG@10 on the same split, by the same protocol (the table shows 4 decimals).
    const metrics = readJson<{ ranking: { ndcgAtK: number; users: number } }>(join(ENGINES_DIR, 'spark-implicit/metrics.json')).ranking;
    expect(Math.abs((await rankingNdcg(page, 'ranking-ranker')) - metrics.ndcgAtK)).toBeLessThanOrEqual(1e-3);
    await expect(page.getByTestId('imported-ranking')).toContainText(`${metrics.users} users`);
    await expect(page.getByTestId('imported-ranking').getByTestId('ranking-ranker')).toContainText('ranking model (Spark ALS, imported)');
    await expect(page.getByLabel('Fold-in λ')).toHaveValue('0.01');

    await expectEngineScores(page, readJson<Scores>(join(ENGINES_DIR, 'spark-implicit/expected.json')), 'data-match');
    const before = await pickSignature(page);

    // Rate-and-see on the imported factors: For you folds the person's ratings in.
    await page.getByLabel('Search movies').fill('toy story');
    await page.getByTestId('search-result').first().getByRole('button', { name: 'Rate 5', exact: true }).click();
    const forYou = page.getByTestId('for-you').getByTestId('pick');
    await expect(forYou).toHaveCount(10);
    await expect(forYou.first()).toHaveAttribute('data-match', /\d/);

    // Export for Spark, then import that export: the same picks, the same scores to the bit.
    await exportAs(page, 'export-model', 'Spark ALSModel (.zip)', 'spark-roundtrip-spark-als.zip');
    await importModel(page, join(EXPORTS, 'spark-roundtrip-spark-als.zip'));
    await expect(page.getByRole('status').filter({ hasText: 'Imported spark-roundtrip-spark-als.zip' })).toContainText('rank 64', {
      timeout: 60_000,
    });
    await page.getByLabel('User').fill(String(checkedUsers[0]));
    await page.getByLabel('User').fill(String(checkedUsers.at(-1)));
    await expect.poll(() => pickSignature(page)).toEqual(before);
  });

  test('a real Spark ALS model (explicit) imports as a rating model: predictions are Spark’s', async ({ page }) => {
    await loadMovieLensSmall(page);
    await importModel(page, join(ENGINES_DIR, 'spark-explicit/model.zip'));
    await expect(page.getByRole('status').filter({ hasText: 'Imported model.zip' })).toContainText(
      'rank 16, 10 iterations, explicit feedback',
      {
        timeout: 60_000,
      },
    );
    await expectEngineScores(page, readJson<Scores>(join(ENGINES_DIR, 'spark-explicit/expected.json')), 'data-predicted');
    // A rating model alone: no ranking model's match.
    await expect(page.getByTestId('top-picks').getByTestId('pick').first()).not.toHaveAttribute('data-match', /./);
    const metrics = readJson<{ ranking: { ndcgAtK: number } }>(join(ENGINES_DIR, 'spark-explicit/metrics.json')).ranking;
    expect(Math.abs((await rankingNdcg(page, 'ranking-model')) - metrics.ndcgAtK)).toBeLessThanOrEqual(1e-3);
  });

  test('a real implicit model imports: picks score as implicit does; exported again it stays bit for bit', async ({ page }) => {
    mkdirSync(EXPORTS, { recursive: true });
    await loadMovieLensSmall(page);
    await importModel(page, join(ENGINES_DIR, 'implicit/model.npz'));
    await expect(page.getByRole('status').filter({ hasText: 'Imported model.npz' })).toContainText(
      'implicit ALS, rank 32, 10 iterations, implicit feedback (users by row = id, movies by row = id)',
      { timeout: 60_000 },
    );
    await expect(page.getByLabel('Fold-in λ')).toHaveValue('0.05');
    const metrics = readJson<{ ranking: { ndcgAtK: number } }>(join(ENGINES_DIR, 'implicit/metrics.json')).ranking;
    expect(Math.abs((await rankingNdcg(page, 'ranking-ranker')) - metrics.ndcgAtK)).toBeLessThanOrEqual(1e-3);
    await expect(page.getByTestId('imported-ranking').getByTestId('ranking-ranker')).toContainText(
      'ranking model (implicit ALS, imported)',
    );
    await expect(page.getByText('the ranking model (implicit ALS, imported, k 32) orders the picks')).toBeVisible();
    await expectEngineScores(page, readJson<Scores>(join(ENGINES_DIR, 'implicit/expected.json')), 'data-match');
    await exportAs(page, 'export-model', 'implicit (.npz)', 'implicit-roundtrip-implicit.npz');
  });

  test('an imported model is ranked on the split the page trains with (a link’s seed and test share), not the default', async ({
    page,
  }) => {
    await loadMovieLensSmall(page, '#seed=11&test=0.3');
    await importModel(page, join(ENGINES_DIR, 'implicit/model.npz'));
    const metrics = readJson<{ ranking: { ndcgAtK: number; users: number } }>(join(ENGINES_DIR, 'implicit/metrics.json')).ranking;
    await rankingNdcg(page, 'ranking-ranker');
    // The job ranked on seed 7, 20 %: a 30 % split holds out more users' liked movies.
    const caption = (await page.getByTestId('imported-ranking').locator('caption').textContent()) ?? '';
    const users = Number(/\(([\d,]+) users\)/.exec(caption)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    expect(users).toBeGreaterThan(metrics.users);
  });

  test('one drop of the dataset and a Spark model .zip loads the data, then imports the model; a model alone waits for its data', async ({
    page,
  }) => {
    await page.goto('/');
    /** Drops files on the data zone as a script can (plain files, no folder entries). */
    const drop = async (paths: readonly string[]) => {
      const payload = paths.map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), base64: readFileSync(path).toString('base64') }));
      const dataTransfer = await page.evaluateHandle((files) => {
        const transfer = new DataTransfer();
        for (const { name, base64 } of files) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
        return transfer;
      }, payload);
      await page.getByRole('region', { name: 'Drop zone for MovieLens files' }).dispatchEvent('drop', { dataTransfer });
    };
    const model = join(ENGINES_DIR, 'spark-implicit/model.zip');
    await drop([model]);
    await expect(page.getByRole('alert')).toContainText('model.zip is a model: drop it together with the dataset it was trained on');

    await drop([join(DATA_DIR, 'movies.csv'), join(DATA_DIR, 'ratings.csv'), model]);
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-ratings', '100836', { timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Imported model.zip' })).toContainText('Spark ALS, rank 64', {
      timeout: 60_000,
    });
    const metrics = readJson<{ ranking: { ndcgAtK: number } }>(join(ENGINES_DIR, 'spark-implicit/metrics.json')).ranking;
    expect(Math.abs((await rankingNdcg(page, 'ranking-ranker')) - metrics.ndcgAtK)).toBeLessThanOrEqual(1e-3);
  });

  test('damaged, mistyped and mismatched model files are refused with their reasons, and the model stays', async ({ page }) => {
    await loadMovieLensSmall(page);
    const sparkZip = readFileSync(join(ENGINES_DIR, 'spark-implicit/model.zip'));
    await importModel(page, join(ENGINES_DIR, 'spark-implicit/model.zip'));
    await expect(page.getByRole('status').filter({ hasText: 'Imported model.zip' })).toBeVisible({ timeout: 60_000 });
    await page.getByLabel('User').fill(String(checkedUsers[0]));
    await expect(page.getByTestId('top-picks').getByTestId('pick')).toHaveCount(10);
    const before = await pickSignature(page);
    const refusal = (text: string | RegExp) => expect(page.getByRole('alert').filter({ hasText: text })).toBeVisible({ timeout: 60_000 });

    await importModel(page, { name: 'cut.zip', buffer: sparkZip.subarray(0, Math.floor(sparkZip.length / 2)) });
    await refusal('cut.zip was not imported: it is not a readable zip');

    const entries = unzipSync(new Uint8Array(sparkZip));
    const part = Object.keys(entries).find((path) => path.startsWith('itemFactors/part-') && path.endsWith('.parquet'))!;
    await importModel(page, {
      name: 'truncated-part.zip',
      buffer: Buffer.from(zipSync({ ...entries, [part]: entries[part]!.slice(0, 100) })),
    });
    await refusal(`truncated-part.zip was not imported: ${part} is not readable Parquet`);

    const metadataPath = Object.keys(entries).find((path) => /^metadata\/part-[^/]*$/.test(path))!;
    const metadata = JSON.parse(new TextDecoder().decode(entries[metadataPath])) as Record<string, unknown>;
    await importModel(page, {
      name: 'wrong-rank.zip',
      buffer: Buffer.from(zipSync({ ...entries, [metadataPath]: strToU8(JSON.stringify({ ...metadata, rank: 32 })) })),
    });
    await refusal('64 factors where the metadata says rank 32');

    await importModel(page, { name: 'notes.npz', buffer: Buffer.from('not a numpy archive') });
    await refusal('notes.npz was not imported: notes.npz: not a readable .npz (zip) archive');

    // Nothing changed: the model imported before still gives the same picks.
    await page.getByLabel('User').fill(String(checkedUsers.at(-1)));
    await page.getByLabel('User').fill(String(checkedUsers[0]));
    await expect.poll(() => pickSignature(page)).toEqual(before);

    // The right files for the wrong dataset: the ids it does not know are counted and named.
    await page.getByTestId('demo-data').click();
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '400');
    await importModel(page, join(ENGINES_DIR, 'spark-implicit/model.zip'));
    await refusal(/model\.zip was not imported: [\d,]+ (user|movie) ids are not in the loaded dataset: \d+, /);
  });

  test('models trained here export for Spark and implicit, and the dataset as Parquet (engine_check.py verify opens them)', async ({
    page,
  }) => {
    mkdirSync(EXPORTS, { recursive: true });
    await page.goto('/');
    const { files, csv } = smallMovieLensFiles();
    await page.getByTestId('file-input').setInputFiles(files);
    const summary = page.getByTestId('dataset-summary');
    await expect(summary).toBeVisible();
    await setTrainingField(page, 'Epochs', '3');
    await expect(page.getByLabel('Ranker')).toHaveValue('ials');
    await setTrainingField(page, 'iALS sweeps', '3');
    await page.getByTestId('train').click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

    // The app's own scores, as its picks list them, for the engines to reproduce.
    const scores: Record<'biased-mf' | 'ials', Scores> = { 'biased-mf': {}, ials: {} };
    const picks = page.getByTestId('top-picks').getByTestId('pick');
    for (const user of [1, 2, 3]) {
      await page.getByLabel('User').fill(String(user));
      await expect(picks).toHaveCount(10);
      const listed = await picks.evaluateAll((items) =>
        items.map(
          (item) =>
            [
              item.getAttribute('data-movie-id')!,
              Number(item.getAttribute('data-predicted')),
              Number(item.getAttribute('data-match')),
            ] as const,
        ),
      );
      // The predicted rating is clamped to the scale; Spark's is not: only unclamped ones compare.
      scores['biased-mf'][user] = Object.fromEntries(
        listed.filter(([, predicted]) => predicted > 0.5 && predicted < 5).map(([movie, predicted]) => [movie, predicted]),
      );
      scores.ials[user] = Object.fromEntries(listed.map(([movie, , match]) => [movie, match]));
    }
    const ratingLines = csv.ratingsCsv.trim().split('\n').slice(1);
    const dataset = {
      ratings: Number(await summary.getAttribute('data-ratings')),
      users: Number(await summary.getAttribute('data-users')),
      movies: Number(await summary.getAttribute('data-movies')),
      ratingSum: ratingLines.reduce((sum, line) => sum + Number(line.split(',')[2]), 0),
    };
    expect(dataset.ratings).toBe(ratingLines.length);
    writeFileSync(join(EXPORTS, 'app-scores.json'), JSON.stringify({ ...scores, dataset }));

    await exportAs(page, 'export-model', 'Spark ALSModel (.zip)', 'biased-mf-spark-als.zip');
    await exportAs(page, 'export-ranker', undefined, 'ials-spark-als.zip');
    await exportAs(page, 'export-ranker', 'implicit (.npz)', 'ials-implicit.npz');
    const datasetZip = await exportAs(page, 'export-dataset', undefined, 'dataset-parquet.zip');
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(datasetZip)))).sort()).toEqual([
      'movies.parquet',
      'ratings.parquet',
      'test.parquet',
    ]);
    await expect(page.getByRole('status').filter({ hasText: 'Saved ratings-' })).toBeVisible();
  });
});
