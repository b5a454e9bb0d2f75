import { detectCsvKind, MOVIES_HEADER, RATINGS_HEADER } from './movielens-csv';
import type { RatingsLayout } from './ratings-layout';

/**
 * Which MovieLens file a file is, from its name and first line. MovieLens comes in three
 * layouts: CSV with headers (ml-latest, ml-20m, ml-25m, ml-32m), "::"-separated .dat without
 * headers (ml-1m, ml-10m), and ml-100k's tab-separated u.data with a pipe-separated, Latin-1
 * u.item holding genre flags.
 */
export type FileRole =
  | { readonly kind: 'ratings'; readonly layout: RatingsLayout }
  | { readonly kind: 'movies'; readonly format: 'csv' | 'dat' | 'u.item' }
  /** A MovieLens file the app does not need (links, tags, users, genome, ml-100k's splits). */
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'unknown'; readonly firstLine: string };

const IGNORED_BY_NAME: readonly [RegExp, string][] = [
  [/^links\.csv$/i, 'links to IMDb and TMDB are not needed'],
  [/^tags\.(csv|dat)$/i, 'tags are not used'],
  [/^genome-(scores|tags)\.csv$/i, 'the tag genome is not used'],
  [/^users\.dat$/i, 'user demographics are not used'],
  [/^u\.(user|genre|occupation|info)$/i, 'ml-100k metadata is not used'],
  [/^u[a-z0-9]*\.(base|test)$/i, "ml-100k's ready-made splits repeat u.data, which holds every rating"],
  [/^(readme.*|.*\.txt|.*\.html|.*\.pl|.*\.sh|\.ds_store)$/i, 'not data'],
];

/** Entries of a dropped .zip that need not even be decompressed. */
export function ignoredByName(fileName: string): string | undefined {
  return IGNORED_BY_NAME.find(([pattern]) => pattern.test(fileName))?.[1];
}

const CSV_RATINGS_FIELDS = ['userid', 'movieid', 'rating', 'timestamp'];

function csvRatingsLayout(firstLine: string): RatingsLayout {
  const fields = firstLine.split(',').map((f) => f.trim().replace(/^"|"$/g, '').toLowerCase());
  const index = (name: string) => fields.indexOf(name);
  return {
    separator: ',',
    fieldCount: fields.length,
    userField: index('userid'),
    movieField: index('movieid'),
    ratingField: index('rating'),
    timestampField: index('timestamp'),
    headerLines: 1,
    description: CSV_RATINGS_FIELDS.filter((f) => fields.includes(f)).length === 4 ? RATINGS_HEADER : firstLine,
  };
}

/** The header-less rating layouts: user, movie, rating, timestamp in that order. */
function headerlessRatings(separator: string, description: string): RatingsLayout {
  return { separator, fieldCount: 4, userField: 0, movieField: 1, ratingField: 2, timestampField: 3, headerLines: 0, description };
}

const DAT_RATINGS = headerlessRatings('::', 'UserID::MovieID::Rating::Timestamp');
const U_DATA = headerlessRatings('\t', 'user id, item id, rating, timestamp separated by tabs');

const allNumeric = (fields: string[]) => fields.every((f) => /^\s*\d+(\.\d+)?\s*$/.test(f));

export function classifyFile(fileName: string, firstLine: string): FileRole {
  const line = firstLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const ignored = ignoredByName(fileName);
  if (ignored) return { kind: 'ignored', why: ignored };
  if (line.includes('::')) {
    const fields = line.split('::');
    if (fields.length === 4 && allNumeric(fields)) return { kind: 'ratings', layout: DAT_RATINGS };
    if (fields.length === 3 && /^\d+$/.test(fields[0] ?? '')) return { kind: 'movies', format: 'dat' };
    return { kind: 'unknown', firstLine: line };
  }
  if (line.includes('\t')) {
    const fields = line.split('\t');
    if (fields.length === 4 && allNumeric(fields)) return { kind: 'ratings', layout: U_DATA };
    return { kind: 'unknown', firstLine: line };
  }
  if (line.includes('|') && !line.includes(',')) {
    const fields = line.split('|');
    if (fields.length >= 24 && /^\d+$/.test(fields[0] ?? '')) return { kind: 'movies', format: 'u.item' };
  }
  if (/^u\.item$/i.test(fileName) && line.split('|').length >= 24) return { kind: 'movies', format: 'u.item' };
  const csv = detectCsvKind(line);
  if (csv === 'ratings') return { kind: 'ratings', layout: csvRatingsLayout(line) };
  if (csv === 'movies') return { kind: 'movies', format: 'csv' };
  if (csv === 'links' || csv === 'tags') return { kind: 'ignored', why: `${csv} are not used` };
  return { kind: 'unknown', firstLine: line };
}

export const EXPECTED_FILES =
  `MovieLens ratings and movies: ratings.csv ("${RATINGS_HEADER}") and movies.csv ("${MOVIES_HEADER}"), ` +
  'ratings.dat and movies.dat (ml-1m, ml-10m), or u.data and u.item (ml-100k), or a .zip of them';
