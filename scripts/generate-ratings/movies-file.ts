/** movies.csv: one row per movie id, a synthetic title with a year, one or two genres. */
import { randomInt, type RandomSource } from '../../src/recsys/random';
import { ChunkedWriter } from './chunked-writer';
import { GENRES } from './ml-25m';

/** Writes movies.csv for `ids` to `path`; returns its size in bytes. */
export async function writeMovies(path: string, ids: Int32Array, random: RandomSource): Promise<number> {
  const out = new ChunkedWriter(path);
  out.writeAscii('movieId,title,genres\n');
  for (const id of ids) {
    const year = 1902 + Math.floor(Math.pow(random(), 0.45) * 118); // more recent years more often
    const first = randomInt(random, GENRES.length);
    let genres = GENRES[first]!;
    if (random() < 0.5) {
      const second = (first + 1 + randomInt(random, GENRES.length - 1)) % GENRES.length;
      genres = first < second ? `${genres}|${GENRES[second]!}` : `${GENRES[second]!}|${genres}`;
    }
    await out.reserve(256);
    out.writeAscii(`${id},Synthetic Movie ${id} (${year}),${genres}\n`);
  }
  await out.close();
  return out.bytes;
}
