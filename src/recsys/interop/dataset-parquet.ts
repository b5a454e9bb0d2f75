import { parquetWriteBuffer } from 'hyparquet-writer';
import { zipSync, type Zippable } from 'fflate';
import type { Dataset } from '../dataset';

/**
 * The loaded dataset as Parquet for Spark (`spark.read.parquet` reads each file as is):
 *
 *   ratings.parquet  userId int32, movieId int32, rating float, timestamp int64   every rating
 *   movies.parquet   movieId int32, title string, genres string ("A|B" or "(no genres listed)", as MovieLens writes)
 *   test.parquet     the ratings the app holds out for testing, same columns
 *
 * Rows are in the app's order (ratings as imported, movies by dense index), so a job that
 * indexes ids by first appearance (spark/als_job.py) breaks ranking ties exactly as the app.
 * test.parquet lets that job train and evaluate on the app's very split.
 */

const ROWS_PER_GROUP = 1_000_000;

/** What MovieLens writes for a movie without genres (the app reads it as none). */
const NO_GENRES = '(no genres listed)';

export interface DatasetParquetInput {
  readonly dataset: Dataset;
  /** Rows of dataset.ratings held out for testing (increasing). */
  readonly testRows: Int32Array;
}

function ratingsParquet(dataset: Dataset, rows: Int32Array | undefined): Uint8Array {
  const { ratings, timestamp, users, movies } = dataset;
  const count = rows ? rows.length : ratings.rating.length;
  const userIds = users.rawIds();
  const movieIds = movies.rawIds();
  const userId = new Int32Array(count);
  const movieId = new Int32Array(count);
  const rating = new Float32Array(count);
  const time = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i]! : i;
    userId[i] = userIds[ratings.user[r]!]!;
    movieId[i] = movieIds[ratings.movie[r]!]!;
    rating[i] = ratings.rating[r]!;
    time[i] = BigInt(timestamp[r] ?? 0);
  }
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'userId', data: userId, type: 'INT32', nullable: false },
        { name: 'movieId', data: movieId, type: 'INT32', nullable: false },
        { name: 'rating', data: rating, type: 'FLOAT', nullable: false },
        { name: 'timestamp', data: time, type: 'INT64', nullable: false },
      ],
      rowGroupSize: ROWS_PER_GROUP,
      createdBy: 'movie-recommender (hyparquet-writer)',
    }),
  );
}

function moviesParquet(dataset: Dataset): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'movieId', data: dataset.movies.rawIds(), type: 'INT32', nullable: false },
        { name: 'title', data: dataset.movieInfo.map((info) => info.title), type: 'STRING', nullable: false },
        {
          name: 'genres',
          data: dataset.movieInfo.map((info) => (info.genres.length > 0 ? info.genres.join('|') : NO_GENRES)),
          type: 'STRING',
          nullable: false,
        },
      ],
      rowGroupSize: ROWS_PER_GROUP,
      createdBy: 'movie-recommender (hyparquet-writer)',
    }),
  );
}

/** The zip the dataset export downloads. */
export function writeDatasetParquet({ dataset, testRows }: DatasetParquetInput): Uint8Array<ArrayBuffer> {
  const files: Zippable = {
    'ratings.parquet': [ratingsParquet(dataset, undefined), { level: 0 }],
    'movies.parquet': [moviesParquet(dataset), { level: 0 }],
    'test.parquet': [ratingsParquet(dataset, testRows), { level: 0 }],
  };
  return zipSync(files) as Uint8Array<ArrayBuffer>;
}
