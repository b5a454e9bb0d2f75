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
    expect(imported).toMatchObject({ ok: true, kind: 'biased-mf', epochs: 2, source: 'imported' });
    expect(await other.topPicks(1, 10)).toEqual(await api.topPicks(1, 10));
  });

  it('restores the stored model of the loaded dataset in a new session', async () => {
    const { api, storage } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    await trainQuietly(api);
    const { api: next } = await testWorker(storage);
    expect((await next.restoreLastDataset()).ok).toBe(true);
    expect(await next.restoreModel()).toMatchObject({ ok: true, source: 'restored', epochs: 2 });
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
