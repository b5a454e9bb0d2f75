import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { writeSparkAlsModel } from '../recsys/interop/spark-als-writer';
import { isSparkModelZip, sortDrop, walkEntries, type DropEntry, type DroppedFile } from './dropped-files';

/** A fake of webkitGetAsEntry's tree: folders answer readEntries in batches of `batch`, as
 * Chromium answers in batches of 100. */
function tree(path: string, shape: Record<string, unknown>, batch = 2): DropEntry {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const children = Object.entries(shape).map(([child, value]) =>
    value === null ? fileEntry(`${path}/${child}`) : tree(`${path}/${child}`, value as Record<string, unknown>, batch),
  );
  let at = 0;
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath: path,
    createReader: () => ({
      readEntries(success: (entries: DropEntry[]) => void) {
        const next = children.slice(at, at + batch);
        at += next.length;
        setTimeout(() => success(next), 0);
      },
    }),
  } as DropEntry;
}

function fileEntry(path: string): DropEntry {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath: path,
    file: (success: (file: File) => void) => success(new File([path], name)),
  } as DropEntry;
}

const dropped = (...paths: string[]): DroppedFile[] =>
  paths.map((path) => ({ path, file: new File([path], path.slice(path.lastIndexOf('/') + 1)) }));
const noModelZip = () => Promise.resolve(false);

describe('a drop, folders walked', () => {
  it('gives every file under the dropped folders with its path, past readEntries batches', async () => {
    const files = await walkEntries([
      tree('/model', {
        metadata: { 'part-00000': null, '.part-00000.crc': null, _SUCCESS: null },
        userFactors: { 'part-00000.parquet': null, 'part-00001.parquet': null, 'part-00002.parquet': null },
      }),
      fileEntry('/ratings.csv'),
    ]);
    expect(files.map((f) => f.path).sort()).toEqual([
      'model/metadata/.part-00000.crc',
      'model/metadata/_SUCCESS',
      'model/metadata/part-00000',
      'model/userFactors/part-00000.parquet',
      'model/userFactors/part-00001.parquet',
      'model/userFactors/part-00002.parquet',
      'ratings.csv',
    ]);
    expect(await files.find((f) => f.path === 'ratings.csv')!.file.text()).toBe('/ratings.csv');
  });
});

describe('sorting a drop into the dataset and a model', () => {
  it('takes the Spark folder as the model, with paths inside it, and the MovieLens files as the dataset', async () => {
    const drop = await sortDrop(
      dropped(
        'work/ml-latest-small/movies.csv',
        'work/ml-latest-small/ratings.csv',
        'work/ml-latest-small/README.txt',
        'work/out/model/metadata/part-00000',
        'work/out/model/userFactors/part-00000.snappy.parquet',
        'work/out/model/itemFactors/part-00000.snappy.parquet',
        'work/out/model/training.json',
        'work/out/metrics.json',
      ),
      noModelZip,
    );
    expect(drop.dataset.map((f) => f.name)).toEqual(['movies.csv', 'ratings.csv']);
    expect(drop.model?.label).toBe('model');
    expect(drop.model?.paths).toEqual([
      'model/metadata/part-00000',
      'model/userFactors/part-00000.snappy.parquet',
      'model/itemFactors/part-00000.snappy.parquet',
      'model/training.json',
    ]);
    expect(drop.ignored).toEqual([
      'work/ml-latest-small/README.txt (not a MovieLens file or a model)',
      'work/out/metrics.json (not a MovieLens file or a model)',
    ]);
  });

  it('tells a model .zip from a MovieLens download by its entries, takes .npz and .mrmodel, and says which second model it left', async () => {
    const modelZip = (file: File) => Promise.resolve(file.name === 'model.zip');
    const drop = await sortDrop(dropped('ml-latest-small.zip', 'out/model.zip', 'als.npz'), modelZip);
    expect(drop.dataset.map((f) => f.name)).toEqual(['ml-latest-small.zip']);
    expect(drop.model).toMatchObject({ label: 'model.zip', paths: ['model.zip'] });
    expect(drop.ignored).toEqual(['als.npz (a second model; model.zip was imported)']);

    const job = await sortDrop(dropped('out/model.zip', 'out/model/metadata/part-00000', 'out/model/userFactors/a.parquet'), modelZip);
    expect(job.model?.label).toBe('model');
    expect(job.ignored).toEqual(['model.zip (a second model; model was imported)']);

    const alone = await sortDrop(dropped('biased-mf.mrmodel'), noModelZip);
    expect(alone.dataset).toEqual([]);
    expect(alone.model?.label).toBe('biased-mf.mrmodel');

    // Dropped as files (not in a folder), anything else goes to the dataset import, which says what it is.
    const loose = await sortDrop(dropped('ratings.txt', 'notes.md'), noModelZip);
    expect(loose.dataset.map((f) => f.name)).toEqual(['ratings.txt', 'notes.md']);
    expect(loose.ignored).toEqual([]);
  });

  it('reads a drop of the model folder’s contents (metadata/, userFactors/, itemFactors/ at the top)', async () => {
    const drop = await sortDrop(
      dropped('metadata/part-00000', 'userFactors/p.parquet', 'itemFactors/p.parquet', 'ratings.csv'),
      noModelZip,
    );
    expect(drop.model?.paths).toEqual(['metadata/part-00000', 'userFactors/p.parquet', 'itemFactors/p.parquet']);
    expect(drop.dataset.map((f) => f.name)).toEqual(['ratings.csv']);
  });
});

describe('a .zip', () => {
  it('is a Spark model when its entries name userFactors/, a MovieLens download otherwise', async () => {
    const model = writeSparkAlsModel({
      rank: 2,
      userIds: Int32Array.from([1]),
      userFactors: Float32Array.from([1, 2]),
      movieIds: Int32Array.from([3]),
      movieFactors: Float32Array.from([3, 4]),
      implicitPrefs: true,
      regParam: 0.1,
      alpha: 1,
      maxIter: 5,
    });
    const movieLens = zipSync({ 'ml-latest-small/ratings.csv': strToU8('userId,movieId,rating,timestamp\n1,1,4,0\n') });
    expect(await isSparkModelZip(new File([model], 'anything.zip'))).toBe(true);
    expect(await isSparkModelZip(new File([movieLens as Uint8Array<ArrayBuffer>], 'model.zip'))).toBe(false);
  });
});
