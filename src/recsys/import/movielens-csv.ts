import Papa from 'papaparse';
import type { MovieInfo } from '../dataset';
import { parseIdText } from './movies-parsers';
import { MAX_ID } from './byte-fields';
import { fatal, type ProblemLog } from './import-problem';

/**
 * MovieLens CSV headers (ml-latest, ml-latest-small, ml-20m/25m/32m layout) and the movies.csv
 * reader (papaparse: titles are quoted when they hold commas or newlines; genres "A|B|C").
 * ratings.csv is read by the byte-level RatingsParser.
 */

export const RATINGS_HEADER = 'userId,movieId,rating,timestamp';
export const MOVIES_HEADER = 'movieId,title,genres';
const OTHER_MOVIELENS_HEADERS: Readonly<Record<string, string>> = {
  'movieid,imdbid,tmdbid': 'links',
  'userid,movieid,tag,timestamp': 'tags',
};

/** MovieLens rates from 0.5 (ml-latest) or 1 (ml-100k, ml-1m) to 5 stars. */

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
    if (row.length === 1 && row[0]?.trim() === '') return;
    dataRows++;
    if (row.length < fields.length) {
      log.skip(fileName, line, `${row.length} field${row.length === 1 ? '' : 's'}`, `${fields.length} fields (${MOVIES_HEADER})`);
      return;
    }
    // From here the row has every header field, so each column index is inside it.
    const idText = row[idCol]!;
    const id = parseIdText(idText);
    if (id === undefined) {
      log.skip(fileName, line, `movieId "${idText}" is not a valid id`, `a whole number from 1 to ${MAX_ID}`);
      return;
    }
    if (movies.has(id)) {
      log.skip(fileName, line, `movieId ${id} appears a second time`, 'each movie once');
      return;
    }
    const genresText = genresCol >= 0 ? row[genresCol]!.trim() : '';
    const genres = genresText === '' || genresText === '(no genres listed)' ? [] : genresText.split('|');
    movies.set(id, { title: row[titleCol]!.trim(), genres });
  });

  if (dataRows === 0) {
    throw fatal(fileName, 2, 'the file has a header but no movies', 'one movie per line after the header');
  }
  if (movies.size === 0) {
    throw fatal(
      fileName,
      undefined,
      'no line could be read as a movie (see the skipped lines)',
      `lines like "1,Toy Story (1995),Adventure|Animation" under "${MOVIES_HEADER}"`,
    );
  }
  return movies;
}
