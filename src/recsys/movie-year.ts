/** "(1999)", and the ranges of series: "(2006–2007)", "(2014-)". */
const TRAILING_YEAR = /\(\s*(\d{4})\s*(?:[-–—]\s*(?:\d{4})?\s*)?\)\s*$/u;
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2099;

/**
 * The release year in a MovieLens title: "Heat (1995)" → 1995, "Fargo (2014–)" → 2014;
 * undefined when the title ends in no plausible year. The one rule for search and pick filters.
 */
export function yearOfTitle(title: string): number | undefined {
  const match = TRAILING_YEAR.exec(title);
  if (!match?.[1]) return undefined;
  const year = Number(match[1]);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : undefined;
}

/** The trailing "(year)" of a title, for stripping it before matching words. */
export const TITLE_YEAR_PATTERN = TRAILING_YEAR;
