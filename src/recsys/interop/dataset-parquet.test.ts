import { unzipSync } from 'fflate';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../import/build-dataset';
import { writeDatasetParquet } from './dataset-parquet';

const moviesCsv = 'movieId,title,genres\n10,Alpha (1999),Comedy|Drama\n20,"Beta, The (2001)",Action\n30,Gamma (2003),(no genres listed)\n';
const ratingsCsv = 'userId,movieId,rating,timestamp\n5,10,4.5,1000\n5,20,3,2000\n9,30,0.5,3000000000\n9,10,5,4000\n';

describe('dataset as Parquet for Spark', () => {
  const { dataset } = buildDataset(
    [
      { name: 'movies.csv', text: moviesCsv },
      { name: 'ratings.csv', text: ratingsCsv },
    ],
    'tiny',
  );
  const zip = unzipSync(writeDatasetParquet({ dataset, testRows: Int32Array.from([1, 3]) }));
  const buffer = (name: string) => {
    const bytes = zip[name]!;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };

  it("types the columns as Spark's reader expects them", () => {
    const schema = parquetMetadata(buffer('ratings.parquet')).schema.slice(1);
    expect(schema.map((e) => [e.name, e.type, e.repetition_type])).toEqual([
      ['userId', 'INT32', 'REQUIRED'],
      ['movieId', 'INT32', 'REQUIRED'],
      ['rating', 'FLOAT', 'REQUIRED'],
      ['timestamp', 'INT64', 'REQUIRED'],
    ]);
    const movies = parquetMetadata(buffer('movies.parquet')).schema.slice(1);
    expect(movies.map((e) => [e.name, e.type])).toEqual([
      ['movieId', 'INT32'],
      ['title', 'BYTE_ARRAY'],
      ['genres', 'BYTE_ARRAY'],
    ]);
  });

  it('holds every rating with its raw ids, and the test rows apart', async () => {
    const ratings = await parquetReadObjects({ file: buffer('ratings.parquet') });
    expect(ratings).toEqual([
      { userId: 5, movieId: 10, rating: 4.5, timestamp: 1000n },
      { userId: 5, movieId: 20, rating: 3, timestamp: 2000n },
      { userId: 9, movieId: 30, rating: 0.5, timestamp: 3000000000n },
      { userId: 9, movieId: 10, rating: 5, timestamp: 4000n },
    ]);
    const test = await parquetReadObjects({ file: buffer('test.parquet') });
    expect(test.map((row) => [row.userId, row.movieId])).toEqual([
      [5, 20],
      [9, 10],
    ]);
    const movies = await parquetReadObjects({ file: buffer('movies.parquet') });
    expect(movies).toEqual([
      { movieId: 10, title: 'Alpha (1999)', genres: 'Comedy|Drama' },
      { movieId: 20, title: 'Beta, The (2001)', genres: 'Action' },
      { movieId: 30, title: 'Gamma (2003)', genres: '(no genres listed)' },
    ]);
  });
});
