import type { MovieInfo } from '../dataset';
import { ProblemLog } from './import-problem';
import { parseMoviesCsv } from './movielens-csv';
import { parseMoviesDat, parseUItem } from './movies-parsers';

/**
 * The movies file's text, as the builder decoded it, parsed into the catalog with a problem log
 * of its own, in whichever of the three MovieLens formats it came; a refusal is kept, not thrown,
 * so that it is thrown where finish would have parsed the file.
 */

export type MoviesFormat = 'csv' | 'dat' | 'u.item';

/** The movies file's catalog, parsed (possibly before finish, with its own problem log), or
 * the error that refused it, to be thrown where finish would have parsed it. */
export type Catalog = { readonly movies: Map<number, MovieInfo>; readonly log: ProblemLog } | { readonly refused: unknown };

/** Parses the movies file's decoded text into a Catalog. */
export function parseCatalog(text: string, name: string, format: MoviesFormat): Catalog {
  const log = new ProblemLog();
  try {
    const movies =
      format === 'csv' ? parseMoviesCsv(text, name, log) : format === 'dat' ? parseMoviesDat(text, name, log) : parseUItem(text, name, log);
    return { movies, log };
  } catch (error) {
    return { refused: error };
  }
}
