import type { MovieInfo } from '../dataset';
import type { ProblemLog } from './import-problem';
import { MAX_ID } from './byte-fields';
import { MOVIELENS_GENRES } from '../movie-genres';

/** ml-100k's u.item genre flags, in column order. */
const U_ITEM_GENRES = ['unknown', ...MOVIELENS_GENRES];

/**
 * Text of a movies file. ml-1m's movies.dat and ml-100k's u.item are Latin-1, newer files
 * UTF-8: a file that is not valid UTF-8 is read as Latin-1 (Windows-1252), so "Café" is right
 * in both.
 */
export function decodeMoviesText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function forEachLine(text: string, onLine: (line: string, lineNumber: number) => void): void {
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() !== '') onLine(line, i + 1);
  });
}

/** An id written as text: a whole number from 1 to 2^31 − 1, else undefined. */
export function parseIdText(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const id = Number(text);
  return id >= 1 && id <= MAX_ID ? id : undefined;
}

/** movies.dat: MovieID::Title::Genres (ml-1m, ml-10m). */
export function parseMoviesDat(text: string, fileName: string, log: ProblemLog): Map<number, MovieInfo> {
  const movies = new Map<number, MovieInfo>();
  forEachLine(text, (line, lineNumber) => {
    const fields = line.split('::');
    const [idText = '', title, genresField] = fields;
    const id = parseIdText(idText);
    if (fields.length !== 3 || id === undefined || title === undefined || genresField === undefined) {
      log.skip(fileName, lineNumber, `"${line.slice(0, 80)}" is not a movie line`, 'MovieID::Title::Genres');
      return;
    }
    if (movies.has(id)) {
      log.skip(fileName, lineNumber, `movieId ${id} appears a second time`, 'each movie once');
      return;
    }
    const genresText = genresField.trim();
    const genres = genresText === '' || genresText === '(no genres listed)' ? [] : genresText.split('|');
    movies.set(id, { title: title.trim(), genres });
  });
  return movies;
}

/** u.item: id|title|release date|video release date|IMDb URL|19 genre flags (ml-100k). */
export function parseUItem(text: string, fileName: string, log: ProblemLog): Map<number, MovieInfo> {
  const movies = new Map<number, MovieInfo>();
  forEachLine(text, (line, lineNumber) => {
    const fields = line.split('|');
    const id = parseIdText(fields[0] ?? '');
    if (fields.length < 5 + U_ITEM_GENRES.length || id === undefined) {
      log.skip(
        fileName,
        lineNumber,
        `"${line.slice(0, 80)}" is not a movie line`,
        'id|title|release date|video release date|URL|19 genre flags',
      );
      return;
    }
    if (movies.has(id)) {
      log.skip(fileName, lineNumber, `movie id ${id} appears a second time`, 'each movie once');
      return;
    }
    const flags = fields.slice(5, 5 + U_ITEM_GENRES.length);
    const genres = U_ITEM_GENRES.filter((genre, g) => flags[g]?.trim() === '1' && genre !== 'unknown');
    // The length check above guarantees the title field.
    movies.set(id, { title: fields[1]!.trim(), genres });
  });
  return movies;
}
