/**
 * Search over MovieLens titles, for a search-as-you-type box.
 *
 * MovieLens writes titles as "Matrix, The (1999)": the article is moved to the end, the year is
 * in parentheses, other names follow in parentheses ("Hate (Haine, La) (1995)", "Léon: The
 * Professional (a.k.a. The Professional) (Léon) (1994)"), and accents are kept. People type
 * "the matrix", "matrix 1999", "amelie" or "la haine", so every title is taken apart once, in the
 * constructor, into the forms a query is compared with; a search then only touches titles that
 * contain its most selective word.
 *
 * Ranking, best first (a lower tier wins; `popularity`, then a shorter title, then the lower index
 * break ties):
 *   tier 0  the query is a name of the movie, exactly, ignoring the article's place and the year
 *           ("the matrix", "matrix", "matrix the", "Matrix, The (1999)" for "Matrix, The (1999)");
 *   tier 1  a name starts with the query, its last word as a prefix ("matr", "the dark kn");
 *   tier 2  every query word starts some word of the title, in any order ("knight dark");
 *   tier 3  every query word occurs inside the title ("spiderman" in "Spider-Man", "man").
 * Years: a 4-digit query word equal to the movie's year is satisfied by the year and drops out of
 * the comparison above, so "matrix 1999" is an exact match for "Matrix, The (1999)". A year that
 * is neither the movie's year nor in its title does not exclude the movie but ranks it after every
 * movie that matched all words ("dark knight 2012" lists The Dark Knight Rises (2012), then The
 * Dark Knight (2008)): one wrong year should not empty the list. A query of years only lists the
 * movies of those years, ranked as tier 1, so "2001: A Space Odyssey" competes with the movies
 * of 2001 on popularity. The year also counts as the title's last word, so a partly typed year
 * ("matrix 20") narrows the list instead of emptying it; a lone digit never matches the year, as
 * it is a sequel number ("toy story 2").
 */

import { MAX_YEAR, MIN_YEAR } from './movie-year';
import { indexTitle, searchWords, type IndexedTitle } from './search-text';
import { TopK } from './recommend';

export { foldText, searchWords } from './search-text';

const YEAR_WORD = /^\d{4}$/;

/**
 * A lone digit is a sequel number ("toy story 2"), not the start of a year: it must be found in
 * the names, or "Toy Story 3 (2010)" would match. Longer numbers may be a year being typed.
 */
function isDigit(word: string): boolean {
  return word.length === 1 && word >= '0' && word <= '9';
}

/** Whether `word` occurs inside the title (tier 3 and above). */
function inside(title: IndexedTitle, word: string): boolean {
  if (!isDigit(word)) return title.compact.includes(word);
  const at = title.compact.indexOf(word);
  return at >= 0 && at < title.compactYear;
}

/** Whether `spacedWord` (" " + word) starts a word of the title (tier 2 and above). */
function startsAWord(title: IndexedTitle, spacedWord: string): boolean {
  if (spacedWord.length !== 2 || !isDigit(spacedWord[1] ?? '')) return title.wordText.includes(spacedWord);
  const at = title.wordText.indexOf(spacedWord);
  return at >= 0 && at < title.wordTextYear;
}

/** The rank of a match; lower is better. Tiers 0-3 as in the file comment, +4 for a missed year. */
const YEAR_MISSED = 4;
const YEAR_ONLY_TIER = 1;

export class TitleIndex {
  private readonly titles: readonly IndexedTitle[];
  /** Every title's `compact` text, one per line: one `indexOf` scan finds the candidates. */
  private readonly allCompact: string;
  /** Where title t starts in `allCompact`; offsets[n] is one past the end. */
  private readonly offsets: Int32Array;
  private readonly popularity: Float64Array;
  private readonly titleLength: Int32Array;

  constructor(titles: readonly string[], popularity?: ArrayLike<number>) {
    if (popularity && popularity.length !== titles.length) {
      throw new RangeError(`TitleIndex: ${popularity.length} popularity values for ${titles.length} titles`);
    }
    const n = titles.length;
    this.titles = titles.map(indexTitle);
    this.offsets = new Int32Array(n + 1);
    let at = 0;
    for (let t = 0; t < n; t++) {
      this.offsets[t] = at;
      at += this.titles[t]!.compact.length + 1;
    }
    this.offsets[n] = at;
    this.allCompact = this.titles.map((t) => t.compact).join('\n');
    // Copied so that a caller reusing its array cannot reorder results behind the index's back;
    // a missing or NaN value counts as no popularity.
    this.popularity = new Float64Array(n);
    if (popularity) {
      for (let t = 0; t < n; t++) this.popularity[t] = Number.isNaN(popularity[t]) ? 0 : popularity[t]!;
    }
    this.titleLength = Int32Array.from(titles, (title) => title.length);
  }

  get size(): number {
    return this.titles.length;
  }

  /** Up to `limit` movie indices (positions in `titles`) matching `query`, best first. */
  search(query: string, limit: number): number[] {
    const count = Math.floor(limit);
    if (!(count > 0)) return [];
    const words = searchWords(query);
    if (words.length === 0) return [];
    const parsed = new ParsedQuery(words);
    // A lower rank first (the key is its negative); ties by popularity, then the shorter title,
    // then the index. A limit above the number of titles is common ("all of them"): the heap
    // never holds more than there are.
    const { popularity, titleLength } = this;
    const best = new TopK(Math.min(count, this.titles.length), (a, b) => {
      if (popularity[a] !== popularity[b]) return popularity[a]! > popularity[b]!;
      if (titleLength[a] !== titleLength[b]) return titleLength[a]! < titleLength[b]!;
      return a < b;
    });

    // Every match contains each non-year word, so scanning for the longest one (the most
    // selective, usually) finds them all. Years may be missed, so with only years each one
    // is scanned for and a title found twice is visited once.
    let longest = -1;
    for (let j = 0; j < words.length; j++) {
      if (!parsed.isYear[j] && (longest < 0 || words[j]!.length > words[longest]!.length)) longest = j;
    }
    if (longest >= 0) {
      // A lone digit found in the year is no match (see isDigit): the scan cannot vouch for it.
      const scanned = words[longest]!;
      const known = isDigit(scanned) ? -1 : longest;
      this.scan(scanned, (t) => {
        const rank = this.rank(t, parsed, known);
        if (rank >= 0) best.offer(t, -rank);
      });
    } else {
      const seen = new Uint8Array(this.titles.length);
      for (const year of new Set(words)) {
        this.scan(year, (t) => {
          if (seen[t] !== 0) return;
          seen[t] = 1;
          const rank = this.rank(t, parsed, -1);
          if (rank >= 0) best.offer(t, -rank);
        });
      }
    }
    return best.sorted();
  }

  /** Calls `visit` once per title whose compact text contains `word`, in index order. */
  private scan(word: string, visit: (title: number) => void): void {
    const text = this.allCompact;
    const offsets = this.offsets;
    let t = 0;
    let pos = text.indexOf(word);
    while (pos >= 0) {
      // The title holding `pos`. Hits only move forward, so walking on costs at most one step
      // per title over the whole scan: less than a binary search per hit when most titles match.
      while (offsets[t + 1]! <= pos) t++;
      visit(t);
      pos = text.indexOf(word, offsets[t + 1]!);
    }
  }

  /**
   * The rank of title t for the query (tier, + YEAR_MISSED), or -1 when it does not match.
   * `known` is a query word already known to be inside the title (the scanned one), or -1.
   */
  private rank(t: number, query: ParsedQuery, known: number): number {
    const title = this.titles[t]!;
    const words = query.words;
    if (!query.hasYear) {
      // The common case, typed on every key press: no year, so every word must be inside.
      for (let j = 0; j < words.length; j++) {
        if (j !== known && !inside(title, words[j]!)) return -1;
      }
      return textTier(title, words, query.phrase, query.spaced);
    }
    let yearWord = -1;
    if (title.year > 0) {
      for (let j = 0; j < words.length; j++) {
        if (query.isYear[j] && Number(words[j]) === title.year) {
          yearWord = j;
          break;
        }
      }
    }
    let yearMissed = false;
    const rest: string[] = [];
    for (let j = 0; j < words.length; j++) {
      if (j === yearWord) continue;
      if (j !== known && !inside(title, words[j]!)) {
        if (!query.isYear[j]) return -1;
        yearMissed = true;
        continue;
      }
      rest.push(words[j]!);
    }
    if (rest.length === 0 && yearWord < 0) return -1;
    const tier =
      rest.length === 0
        ? YEAR_ONLY_TIER
        : textTier(
            title,
            rest,
            rest.join(' '),
            rest.map((w) => ` ${w}`),
          );
    return (yearMissed ? YEAR_MISSED : 0) + tier;
  }
}

/** A query's words and the strings every title is compared with, built once per search. */
class ParsedQuery {
  readonly isYear: readonly boolean[];
  readonly hasYear: boolean;
  /** The words joined by single spaces, for the exact and starts-with tiers. */
  readonly phrase: string;
  /** Each word after a space, for the word-start tier. */
  readonly spaced: readonly string[];

  constructor(readonly words: readonly string[]) {
    this.isYear = words.map((word) => {
      if (!YEAR_WORD.test(word)) return false;
      const year = Number(word);
      return year >= MIN_YEAR && year <= MAX_YEAR;
    });
    this.hasYear = this.isYear.includes(true);
    this.phrase = words.join(' ');
    this.spaced = words.map((word) => ` ${word}`);
  }
}

/** Tier 0-3 of a title for query words that all occur inside it (see the file comment). */
function textTier(title: IndexedTitle, words: readonly string[], phrase: string, spaced: readonly string[]): number {
  const exact = title.exact;
  for (let i = 0; i < exact.length; i++) if (exact[i] === phrase) return 0;
  const starts = title.starts;
  for (let i = 0; i < starts.length; i++) if (starts[i]!.startsWith(phrase)) return 1;
  for (let j = 0; j < words.length; j++) if (!startsAWord(title, spaced[j]!)) return 3;
  return 2;
}
