import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../api';
import { smallMovieLensFiles, testWorker } from '../test-worker';

describe('import service', () => {
  it('imports files, keeps them in storage, and a new session restores them without parsing', async () => {
    const { api, storage } = await testWorker();
    const progress: ImportProgress[] = [];
    const outcome = await api.importFiles(smallMovieLensFiles(), (p) => progress.push(p));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.fromCache).toBe(false);
    expect(outcome.summary.userCount).toBe(60);
    expect(progress.length).toBeGreaterThan(0);
    expect(new Set(progress.map((p) => p.jobId)).size).toBe(1);
    expect(await api.datasetSaved()).toBe(true);
    expect(storage.datasets.size).toBe(1);

    const { api: next } = await testWorker(storage);
    const restored = await next.restoreLastDataset();
    if (!restored.ok) throw new Error(restored.message);
    expect(restored.fromCache).toBe(true);
    expect(restored.summary).toEqual(outcome.summary);
    // The same files dropped again come from storage too.
    const again = await next.importFiles(smallMovieLensFiles(), () => undefined);
    expect(again.ok && again.fromCache).toBe(true);
  });

  it('gives each dataset made current a new id, and a new dataset drops the model', async () => {
    const { api } = await testWorker();
    const first = await api.importDemo();
    const second = await api.importFiles(smallMovieLensFiles(), () => undefined);
    if (!first.ok || !second.ok) throw new Error('import failed');
    expect(second.datasetId).not.toBe(first.datasetId);
    expect((await api.topPicks(1, 10)).ok).toBe(false);
  });

  it('answers a bad file with its line and what was expected, and keeps the dataset loaded before', async () => {
    const { api } = await testWorker();
    const before = await api.importDemo();
    const outcome = await api.importFiles([new File(['title,year\nx,1\n'], 'notes.csv')], () => undefined);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe('bad-file');
    expect(outcome.problem?.file).toBe('notes.csv');
    expect(outcome.problem?.line).toBe(1);
    expect(outcome.message).toContain('notes.csv, line 1');
    const search = await api.searchMovies('a', 1);
    expect(before.ok && search.length).toBe(1);
  });

  it('counts and lists skipped rows and loads the rest', async () => {
    const { api } = await testWorker();
    const ratings = 'userId,movieId,rating,timestamp\n1,1,4,0\n1,2,9,0\n2,1,3,0\n';
    const movies = 'movieId,title,genres\n1,A (2000),Drama\n2,B (2001),Comedy\n';
    const outcome = await api.importFiles([new File([movies], 'movies.csv'), new File([ratings], 'ratings.csv')], () => undefined);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.summary.ratingCount).toBe(2);
    expect(outcome.report.totalSkipped).toBe(1);
    expect(outcome.report.problems[0]).toMatchObject({ file: 'ratings.csv', line: 3 });
  });

  it('refuses a second import while one runs, and Cancel ends the running one with the old data kept', async () => {
    const { api } = await testWorker();
    await api.importDemo();
    // Big enough to take many chunks: Cancel lands between them.
    const big = smallMovieLensFiles({ seed: 1, userCount: 3000, movieCount: 2000, meanRatingsPerUser: 60 });
    const running = api.importFiles(big, () => undefined);
    const second = await api.importDemo();
    expect(second.ok === false && second.code).toBe('busy');
    api.cancelImport();
    const cancelled = await running;
    expect(cancelled.ok === false && cancelled.code).toBe('cancelled');
    // The demo data (1,000 movies) is still the dataset, not the big one (2,000): movieId 4303
    // (the 1,501st movie) is only in the big one, 1303 (the 501st) in both.
    const rated = await api.rateMovie(4303, 4, 10);
    expect(rated.ok === false && rated.code).toBe('unknown-movie');
    expect((await api.rateMovie(1303, 4, 10)).ok).toBe(true);
    expect((await api.importDemo()).ok).toBe(true);
  });

  it('forgets everything stored and unloads the dataset', async () => {
    const { api, storage } = await testWorker();
    await api.importDemo();
    await api.datasetSaved();
    expect((await api.forgetData()).ok).toBe(true);
    expect(storage.datasets.size).toBe(0);
    expect(await api.searchMovies('a', 5)).toEqual([]);
    const restored = await api.restoreLastDataset();
    expect(restored.ok === false && restored.code).toBe('not-found');
  });
});
