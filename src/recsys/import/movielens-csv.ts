import Papa from 'papaparse';
import type { MovieInfo } from '../dataset';
import { growableFloat64, growableInt32 } from './growable';
import { fatal, type ProblemLog } from './import-problem';

/**
 * Readers for MovieLens CSV files (ml-latest, ml-latest-small, ml-20m/25m/32m layout):
 *   ratings.csv: userId,movieId,rating,timestamp
 *   movies.csv:  movieId,title,genres   (title quoted when it holds commas; genres "A|B|C")
 * Files are recognised by their header, not their name, so they may be dropped in any order.
 */

export const RATINGS_HEADER = 'userId,movieId,rating,timestamp';
export const MOVIES_HEADER = 'movieId,title,genres';
const OTHER_MOVIELENS_HEADERS: Readonly<Record<string, string>> = {
  'movieid,imdbid,tmdbid': 'links',
  'userid,movieid,tag,timestamp': 'tags',
};

/** MovieLens rates from 0.5 (ml-latest) or 1 (ml-100k, ml-1m) to 5 stars. */
export const MOVIELENS_RATING_RANGE = { min: 0.5, max: 5 } as const;
const MAX_ID = 2 ** 31 - 1;

export type CsvKind = 'ratings' | 'movies' | 'links' | 'tags' | 'unknown';

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
}

function headerFields(text: string): string[] {
  return firstLine(text)
    .split(',')
    .map((field) => field.trim().replace(/^"|"$/g, '').toLowerCase());
}

/** Which MovieLens file this is, judged by its header line. */
export function detectCsvKind(text: string): CsvKind {
  const fields = headerFields(text);
  const has = (name: string) => fields.includes(name.toLowerCase());
  if (has('userId') && has('movieId') && has('rating')) return 'ratings';
  if (has('movieId') && has('title')) return 'movies';
  return (OTHER_MOVIELENS_HEADERS[fields.join(',')] as CsvKind | undefined) ?? 'unknown';
}

export function describeHeader(text: string): string {
  const line = firstLine(text);
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Raw ratings as read: MovieLens ids, not yet dense indices. */
export interface RawRatings {
  readonly userId: Int32Array;
  readonly movieId: Int32Array;
  readonly rating: Float64Array;
  readonly timestamp: Float64Array;
  /** 1-based line of each row, for messages raised after parsing (e.g. unknown movie). */
  readonly line: Int32Array;
}

function parseId(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= MAX_ID ? value : undefined;
}

/**
 * Calls `onRow` with each data row (the header row is skipped) and the 1-based line it starts
 * on. Quoted fields may hold newlines, so rows are not lines: the line is counted from the text
 * up to the row's start.
 */
function forEachDataRow(rawText: string, onRow: (row: string[], line: number) => void): void {
  // papaparse drops a BOM itself, which would shift its cursor against our text: drop it first.
  const text = rawText.replace(/^\uFEFF/, '');
  let line = 1;
  let counted = 0;
  let rowStart = 0;
  let isHeader = true;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    skipEmptyLines: false,
    step: (results: Papa.ParseStepResult<string[]>) => {
      for (let i = counted; i < rowStart; i++) if (text.charCodeAt(i) === 10) line++;
      counted = rowStart;
      // papaparse's cursor is just past this row's newline: the next row starts there.
      rowStart = results.meta.cursor;
      if (isHeader) isHeader = false;
      else onRow(results.data, line);
    },
  });
}

function columnIndex(fields: string[], name: string): number {
  return fields.indexOf(name.toLowerCase());
}

function assertNotEmpty(text: string, fileName: string, expectedHeader: string): void {
  if (text.trim().length === 0) {
    throw fatal(fileName, undefined, 'the file is empty', `a header line "${expectedHeader}" followed by data rows`);
  }
}

/** Reads ratings.csv. Bad rows are skipped and logged; a file that cannot be ratings throws. */
export function parseRatingsCsv(text: string, fileName: string, log: ProblemLog): RawRatings {
  assertNotEmpty(text, fileName, RATINGS_HEADER);
  const fields = headerFields(text);
  const userCol = columnIndex(fields, 'userId');
  const movieCol = columnIndex(fields, 'movieId');
  const ratingCol = columnIndex(fields, 'rating');
  const timeCol = columnIndex(fields, 'timestamp');
  if (userCol < 0 || movieCol < 0 || ratingCol < 0) {
    throw fatal(fileName, 1, `the header is "${describeHeader(text)}"`, `the ratings header "${RATINGS_HEADER}"`);
  }
  const fieldCount = fields.length;

  const userId = growableInt32();
  const movieId = growableInt32();
  const rating = growableFloat64();
  const timestamp = growableFloat64();
  const lines = growableInt32();
  let dataRows = 0;

  forEachDataRow(text, (row, line) => {
    if (row.length === 1 && row[0].trim() === '') return; // blank line: no data to lose
    dataRows++;
    if (row.length !== fieldCount) {
      log.skip(fileName, line, `${row.length} field${row.length === 1 ? '' : 's'}`, `${fieldCount} fields (${RATINGS_HEADER})`);
      return;
    }
    const user = parseId(row[userCol]);
    if (user === undefined) {
      log.skip(fileName, line, `userId "${row[userCol]}" is not a valid id`, `a whole number from 1 to ${MAX_ID}`);
      return;
    }
    const movie = parseId(row[movieCol]);
    if (movie === undefined) {
      log.skip(fileName, line, `movieId "${row[movieCol]}" is not a valid id`, `a whole number from 1 to ${MAX_ID}`);
      return;
    }
    const ratingText = row[ratingCol].trim();
    const value = ratingText === '' ? Number.NaN : Number(ratingText);
    if (!Number.isFinite(value) || value < MOVIELENS_RATING_RANGE.min || value > MOVIELENS_RATING_RANGE.max) {
      log.skip(
        fileName,
        line,
        `rating "${row[ratingCol]}" is not a rating`,
        `a number from ${MOVIELENS_RATING_RANGE.min} to ${MOVIELENS_RATING_RANGE.max}`,
      );
      return;
    }
    let seconds = 0;
    if (timeCol >= 0) {
      const timeText = row[timeCol].trim();
      seconds = Number(timeText);
      if (timeText === '' || !Number.isInteger(seconds) || seconds < 0) {
        log.skip(fileName, line, `timestamp "${row[timeCol]}" is not a time`, 'whole seconds since 1970');
        return;
      }
    }
    userId.push(user);
    movieId.push(movie);
    rating.push(value);
    timestamp.push(seconds);
    lines.push(line);
  });

  if (dataRows === 0) {
    throw fatal(fileName, 2, 'the file has a header but no ratings', 'one rating per line after the header');
  }
  if (userId.length === 0) {
    throw fatal(fileName, undefined, 'no line could be read as a rating (see the skipped lines)', `lines like "1,31,2.5,1260759144" under "${RATINGS_HEADER}"`);
  }
  return {
    userId: userId.toArray(),
    movieId: movieId.toArray(),
    rating: rating.toArray(),
    timestamp: timestamp.toArray(),
    line: lines.toArray(),
  };
}

/** Reads movies.csv into movieId -> title and genres. Bad rows are skipped and logged. */
export function parseMoviesCsv(text: string, fileName: string, log: ProblemLog): Map<number, MovieInfo> {
  assertNotEmpty(text, fileName, MOVIES_HEADER);
  const fields = headerFields(text);
  const idCol = columnIndex(fields, 'movieId');
  const titleCol = columnIndex(fields, 'title');
  const genresCol = columnIndex(fields, 'genres');
  if (idCol < 0 || titleCol < 0) {
    throw fatal(fileName, 1, `the header is "${describeHeader(text)}"`, `the movies header "${MOVIES_HEADER}"`);
  }

  const movies = new Map<number, MovieInfo>();
  let dataRows = 0;
  forEachDataRow(text, (row, line) => {
    if (row.length === 1 && row[0].trim() === '') return;
    dataRows++;
    if (row.length < fields.length) {
      log.skip(fileName, line, `${row.length} field${row.length === 1 ? '' : 's'}`, `${fields.length} fields (${MOVIES_HEADER})`);
      return;
    }
    const id = parseId(row[idCol]);
    if (id === undefined) {
      log.skip(fileName, line, `movieId "${row[idCol]}" is not a valid id`, `a whole number from 1 to ${MAX_ID}`);
      return;
    }
    if (movies.has(id)) {
      log.skip(fileName, line, `movieId ${id} appears a second time`, 'each movie once');
      return;
    }
    const genresText = genresCol >= 0 ? row[genresCol].trim() : '';
    const genres = genresText === '' || genresText === '(no genres listed)' ? [] : genresText.split('|');
    movies.set(id, { title: row[titleCol].trim(), genres });
  });

  if (dataRows === 0) {
    throw fatal(fileName, 2, 'the file has a header but no movies', 'one movie per line after the header');
  }
  if (movies.size === 0) {
    throw fatal(fileName, undefined, 'no line could be read as a movie (see the skipped lines)', `lines like "1,Toy Story (1995),Adventure|Animation" under "${MOVIES_HEADER}"`);
  }
  return movies;
}
