import { describe, expect, it } from 'vitest';
import { QUICK_TRAINING, smallMovieLensFiles, testWorker, trainQuietly } from '../test-worker';

describe('model service', () => {
  it('exports the model as a file that imports into another session with the same picks', async () => {
    const { api } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    await trainQuietly(api);
    const exported = await api.exportModel();
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.fileName).toMatch(/^biased-mf-.*\.mrmodel$/);

    const { api: other } = await testWorker();
    await other.importFiles(smallMovieLensFiles(), () => undefined);
    const imported = await other.importModel(new File([exported.bytes.slice()], 'model.mrmodel'));
    expect(imported).toMatchObject({ ok: true, model: { kind: 'biased-mf', epochs: 2, source: 'imported' } });
    // The rating model alone orders picks by predicted rating, as the source does when asked to.
    const idsAndStars = (outcome: Awaited<ReturnType<typeof api.topPicks>>) =>
      outcome.ok && outcome.picks.map((p) => [p.movieId, p.predicted]);
    expect(idsAndStars(await other.topPicks(1, 10))).toEqual(idsAndStars(await api.topPicks(1, 10, {}, 'rating')));

    // The ranking model travels in its own file (kind 'ials'); with it the lists are the same.
    const ranker = await api.exportRanker();
    if (!ranker.ok) throw new Error(ranker.message);
    expect(ranker.fileName).toMatch(/^ials-.*\.mrmodel$/);
    const importedRanker = await other.importModel(new File([ranker.bytes.slice()], 'ranker.mrmodel'));
    expect(importedRanker).toMatchObject({ ok: true, ranker: { kind: 'ials', factors: 8, source: 'imported' } });
    expect(await other.topPicks(1, 10)).toEqual(await api.topPicks(1, 10));
    expect((await other.rankerInfo())?.kind).toBe('ials');
  });

  it('refuses a damaged ranking model file with the reason, and keeps the ranking model it has', async () => {
    const { api } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    await trainQuietly(api);
    const ranker = await api.exportRanker();
    if (!ranker.ok) throw new Error(ranker.message);
    const before = await api.topPicks(1, 10);
    const truncated = await api.importModel(new File([ranker.bytes.slice(0, ranker.bytes.length - 8)], 'cut.mrmodel'));
    expect(truncated).toMatchObject({ ok: false, code: 'bad-file', message: expect.stringContaining('bytes where its header promises') });
    const text = new TextDecoder().decode(ranker.bytes.subarray(0, 2000));
    const edited = new TextEncoder().encode(text.replace('"factors":8,"unobservedWeight"', '"factors":0,"unobservedWeight"'));
    const patched = ranker.bytes.slice();
    patched.set(edited.subarray(0, Math.min(edited.length, 2000)));
    const bad = await api.importModel(new File([patched], 'edited.mrmodel'));
    expect(bad).toMatchObject({
      ok: false,
      code: 'bad-file',
      message: expect.stringContaining('its settings say 0 factors, its arrays 8'),
    });
    expect(await api.topPicks(1, 10)).toEqual(before);
  });

  it('restores the stored model of the loaded dataset in a new session', async () => {
    const { api, storage } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    await trainQuietly(api);
    const { api: next } = await testWorker(storage);
    expect((await next.restoreLastDataset()).ok).toBe(true);
    expect(await next.restoreModel()).toMatchObject({ ok: true, source: 'restored', epochs: 2 });
    // The ranking model comes back with it, so the lists are ordered as before the reload.
    expect(await next.rankerInfo()).toMatchObject({ kind: 'ials', source: 'restored' });
    expect(await next.topPicks(1, 10)).toEqual(await api.topPicks(1, 10));
  });

  it('refuses a damaged file and a model of other data, and nothing changes', async () => {
    const { api } = await testWorker();
    await api.importDemo();
    await trainQuietly(api);
    const exported = await api.exportModel();
    if (!exported.ok) throw new Error(exported.message);
    const picks = await api.topPicks(1, 10);

    const garbage = await api.importModel(new File(['not a model'], 'x.mrmodel'));
    expect(garbage).toMatchObject({ ok: false, code: 'bad-file', message: expect.stringContaining('x.mrmodel was not imported') });

    const { api: other } = await testWorker();
    await other.importFiles(smallMovieLensFiles(), () => undefined);
    const wrong = await other.importModel(new File([exported.bytes.slice()], 'demo.mrmodel'));
    expect(wrong).toMatchObject({
      ok: false,
      code: 'wrong-dataset',
      message: expect.stringContaining('it was trained on "Demo data (synthetic)"'),
    });
    expect(await api.topPicks(1, 10)).toEqual(picks);
  });

  it('says why there is nothing to export', async () => {
    const { api } = await testWorker();
    await api.importDemo();
    expect(await api.exportModel()).toMatchObject({ ok: false, code: 'no-model' });
    await trainQuietly(api, { ...QUICK_TRAINING, model: 'mlp', epochs: 1, hiddenLayers: [8] });
    expect(await api.exportModel()).toMatchObject({ ok: false, code: 'unsupported-model' });
  });
});
