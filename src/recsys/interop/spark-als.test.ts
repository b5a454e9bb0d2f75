import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSparkAlsModel, SPARK_ALS_CLASS, SparkModelError } from './spark-als';
import { writeFactorParquet, writeSparkAlsModel } from './spark-als-writer';

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.slice().buffer));

/** Floats that catch any lossy step: subnormals, -0, large and tiny magnitudes, π. */
function awkwardFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  const specials = [-0, 1e-40, -3.4e38, Math.PI, 1e-7, 65504.125];
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = i % 11 === 0 ? specials[(i / 11) % specials.length]! : (state / 2 ** 32 - 0.5) * 4;
  }
  return out;
}

const model = {
  rank: 3,
  userIds: Int32Array.from([7, 3, 1000001, 2]),
  userFactors: awkwardFloats(12, 1),
  movieIds: Int32Array.from([10, 20, 193609]),
  movieFactors: awkwardFloats(9, 2),
  implicitPrefs: true,
  regParam: 0.01,
  alpha: 1,
  maxIter: 15,
};

function files(zip: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(zip)));
}

async function refusal(folder: Map<string, Uint8Array>): Promise<string> {
  try {
    await readSparkAlsModel(folder);
  } catch (error) {
    expect(error).toBeInstanceOf(SparkModelError);
    return (error as Error).message;
  }
  throw new Error('the model was not refused');
}

describe('Spark ALSModel layout', () => {
  it('writes what it reads, bit for bit, with the settings in training.json', async () => {
    const back = await readSparkAlsModel(files(writeSparkAlsModel(model)));
    expect(back.rank).toBe(3);
    expect(Array.from(back.userIds)).toEqual(Array.from(model.userIds));
    expect(Array.from(back.movieIds)).toEqual(Array.from(model.movieIds));
    expect(bits(back.userFactors)).toEqual(bits(model.userFactors));
    expect(bits(back.movieFactors)).toEqual(bits(model.movieFactors));
    expect(back.settings).toEqual({ implicitPrefs: true, regParam: 0.01, alpha: 1, maxIter: 15 });
    expect(back.hasTrainingJson).toBe(true);
    expect(back.partFiles).toEqual({ users: 1, movies: 1 });
  });

  it('writes the metadata line Spark reads: class, rank and the column params', () => {
    const folder = files(writeSparkAlsModel(model));
    const line = new TextDecoder().decode(folder.get('metadata/part-00000'));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim().split('\n')).toHaveLength(1);
    const metadata = JSON.parse(line) as Record<string, unknown>;
    expect(metadata).toMatchObject({ class: SPARK_ALS_CLASS, rank: 3, paramMap: { userCol: 'userId', itemCol: 'movieId' } });
    expect(String(metadata.uid)).toMatch(/^ALS_[0-9a-f]{12}$/);
  });

  it('reads any number of part files and row groups, under any folder above the model, ignoring Hadoop files', async () => {
    const rank = 4;
    const count = 1000;
    const ids = Int32Array.from({ length: count }, (_, i) => i * 3 + 1);
    const table = awkwardFloats(count * rank, 3);
    const folder = new Map<string, Uint8Array>();
    const metadata = { class: SPARK_ALS_CLASS, sparkVersion: '3.5.1', uid: 'ALS_x', paramMap: {}, rank };
    folder.set('runs/als/metadata/part-00000', strToU8(`${JSON.stringify(metadata)}\n`));
    folder.set('runs/als/metadata/.part-00000.crc', strToU8('crc'));
    folder.set('runs/als/userFactors/_SUCCESS', new Uint8Array(0));
    // Three part files out of name order, each of several 64-row groups, one empty.
    const cuts = [0, 130, 130, 1000];
    for (let part = 0; part < 3; part++) {
      const [from, to] = [cuts[part]!, cuts[part + 1]!];
      const name = `runs/als/userFactors/part-0000${part}-abc.snappy.parquet`;
      folder.set(name, writeFactorParquet(ids.slice(from, to), table.slice(from * rank, to * rank), rank, 64));
    }
    folder.set('runs/als/itemFactors/part-00000-abc.snappy.parquet', writeFactorParquet(ids.slice(0, 5), table.slice(0, 5 * rank), rank));
    const seen: number[] = [];
    let yields = 0;
    const back = await readSparkAlsModel(folder, {
      onBytes: (done, total) => seen.push(done / total),
      yieldToMessages: async () => {
        yields++;
      },
    });
    expect(back.partFiles).toEqual({ users: 3, movies: 1 });
    expect(Array.from(back.userIds)).toEqual(Array.from(ids));
    expect(bits(back.userFactors)).toEqual(bits(table));
    expect(back.hasTrainingJson).toBe(false);
    expect(back.settings.implicitPrefs).toBeUndefined();
    expect(back.sparkVersion).toBe('3.5.1');
    // Progress per row group (16 groups of users, 1 of movies), rising, not past the whole.
    expect(yields).toBe(Math.ceil(130 / 64) + Math.ceil(870 / 64) + 1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)!).toBeLessThanOrEqual(1);
  });

  it('reads a large row group in slices of whole pages where an offset index allows it, bit for bit', async () => {
    const rank = 4;
    const count = 1000;
    const ids = Int32Array.from({ length: count }, (_, i) => i + 1);
    const table = awkwardFloats(count * rank, 5);
    const metadata = { class: SPARK_ALS_CLASS, sparkVersion: '4.3.0', uid: 'ALS_x', paramMap: {}, rank };
    const folder = (pageBytes: number) =>
      new Map<string, Uint8Array>([
        ['metadata/part-00000', strToU8(`${JSON.stringify(metadata)}\n`)],
        // One row group, as Spark writes a part file; 1 KB pages (64 rows of features) whose
        // edges do not line up with the 100-row slices, or one page (so no offset index).
        ['userFactors/part-00000.parquet', writeFactorParquet(ids, table, rank, count, pageBytes)],
        ['itemFactors/part-00000.parquet', writeFactorParquet(ids.slice(0, 3), table.slice(0, 3 * rank), rank)],
      ]);
    for (const [pageBytes, userSteps] of [
      [1024, 10],
      [2 ** 20, 1],
    ] as const) {
      const seen: number[] = [];
      let yields = 0;
      const back = await readSparkAlsModel(folder(pageBytes), {
        floatsPerSlice: 400,
        onBytes: (done, total) => seen.push(done / total),
        yieldToMessages: async () => {
          yields++;
        },
      });
      expect(yields).toBe(userSteps + 1);
      expect(Array.from(back.userIds)).toEqual(Array.from(ids));
      expect(bits(back.userFactors)).toEqual(bits(table));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)!).toBeGreaterThan(0.9);
      expect(seen.at(-1)!).toBeLessThanOrEqual(1);
    }
  });

  it('stops where yieldToMessages throws (Cancel)', async () => {
    const folder = files(writeSparkAlsModel(model));
    const cancel = new Error('cancelled');
    await expect(
      readSparkAlsModel(folder, {
        yieldToMessages: () => Promise.reject(cancel),
      }),
    ).rejects.toBe(cancel);
  });

  it('refuses a folder without metadata, naming what it found', async () => {
    const folder = files(writeSparkAlsModel(model));
    folder.delete('metadata/part-00000');
    expect(await refusal(folder)).toMatch(/no metadata\/part-00000 file \(found .*userFactors/);
  });

  it('refuses another class of model', async () => {
    const folder = files(writeSparkAlsModel(model));
    folder.set('metadata/part-00000', strToU8(JSON.stringify({ class: 'org.apache.spark.ml.feature.PCAModel', rank: 3 })));
    expect(await refusal(folder)).toMatch(
      /is a org\.apache\.spark\.ml\.feature\.PCAModel, not an org\.apache\.spark\.ml\.recommendation\.ALSModel/,
    );
  });

  it('refuses metadata that is not one JSON line', async () => {
    const folder = files(writeSparkAlsModel(model));
    folder.set('metadata/part-00000', strToU8('{"class": "org.apache'));
    expect(await refusal(folder)).toMatch(/metadata\/part-00000 is not a JSON object on one line/);
  });

  it('refuses a rank that the factor rows do not have, naming the file and row', async () => {
    const folder = files(writeSparkAlsModel(model));
    const metadata = JSON.parse(new TextDecoder().decode(folder.get('metadata/part-00000'))) as Record<string, unknown>;
    folder.set('metadata/part-00000', strToU8(JSON.stringify({ ...metadata, rank: 4 })));
    expect(await refusal(folder)).toBe('userFactors/part-00000.snappy.parquet, row 1: 3 factors where the metadata says rank 4.');
  });

  it('refuses a truncated part file, naming it', async () => {
    const folder = files(writeSparkAlsModel(model));
    const part = 'itemFactors/part-00000.snappy.parquet';
    folder.set(part, folder.get(part)!.slice(0, 40));
    expect(await refusal(folder)).toMatch(/^itemFactors\/part-00000\.snappy\.parquet is not readable Parquet .*truncated/);
  });

  it('refuses a part file whose columns are not id int32 and features array<float>', async () => {
    const folder = files(writeSparkAlsModel(model));
    // A table with double features, as a hand-rolled export might write.
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const wrong = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Int32Array.from([10]), type: 'INT32', nullable: false },
        { name: 'features', data: Float64Array.from([0.5]), type: 'DOUBLE', nullable: false },
      ],
    });
    folder.set('itemFactors/part-00000.snappy.parquet', new Uint8Array(wrong));
    expect(await refusal(folder)).toBe(
      "itemFactors/part-00000.snappy.parquet does not have Spark's factor columns (id int32, features array<float>); it has id INT32, features DOUBLE.",
    );
  });

  it('refuses a folder without one side', async () => {
    const folder = files(writeSparkAlsModel(model));
    folder.delete('itemFactors/part-00000.snappy.parquet');
    expect(await refusal(folder)).toMatch(/no itemFactors\/part-\*\.parquet files/);
  });
});
