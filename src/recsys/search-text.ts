/**
 * Title text as search compares it: folding (case, accents, ligatures), words, MovieLens's moved
 * articles and alternate names, and each title taken apart once (search.ts ranks with these).
 */
import { TITLE_YEAR_PATTERN, yearOfTitle } from './movie-year';

/** Articles MovieLens moves to the end of a title ("Amants, Les", "Auberge espagnole, L'"). */
const MOVED_ARTICLES = [
  'the',
  'a',
  'an',
  'les',
  'la',
  'le',
  "l'",
  'el',
  'il',
  'das',
  'der',
  'die',
  'los',
  'las',
  'une',
  'un',
  // Also seen in MovieLens titles. Italian's plural "I" is left out: after a comma it is more
  // often the English word ("Me, Myself, I").
  'lo',
  'gli',
  'det',
  'den',
  'het',
  'ein',
  'eine',
  'os',
];

/** Any apostrophe-like character; titles use ' and ’, keyboards type ' and sometimes ` or ´. */
const APOSTROPHE = "['’‘`´ʼ]";
const APOSTROPHES = new RegExp(APOSTROPHE, 'g');
/**
 * French and Italian elision ("l'auberge", "d'amélie"): the letter is a word of its own, so
 * "auberge" still starts a word. English apostrophes are dropped instead ("schindler's" ->
 * "schindlers", found by "schindler" and "schindlers").
 */
const ELISION = new RegExp(`(^|[^\\p{L}\\p{N}])(qu|[cdjlmnst])${APOSTROPHE}(?=[\\p{L}\\p{N}])`, 'gu');
const NON_WORD = /[^\p{L}\p{N}]+/u;
const COMBINING_MARKS = /\p{M}/gu;
/** Letters that NFKD does not decompose but a person types without the stroke or ligature. */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const UNDECOMPOSED_LETTERS = /[ßæœøłđðþı]/g;

const MOVED_ARTICLE = new RegExp(`^(.*[^\\s,])\\s*,\\s*(${MOVED_ARTICLES.map((a) => a.replace("'", APOSTROPHE)).join('|')})\\s*$`, 'u');
const AKA = /^a\.?\s*k\.?\s*a\.?\s+/u;

/**
 * Lowercase, without accents: "Amélie" -> "amelie", "Ødeland" -> "odeland". NFKD rather than NFD
 * so that compatibility forms fold too: "Alien³" -> "alien3", "ﬁ" -> "fi", full-width letters.
 */
export function foldText(text: string): string {
  // Lowercasing can itself produce combining marks ("İ" -> "i" + U+0307), so marks go after it.
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARKS, '')
    .replace(UNDECOMPOSED_LETTERS, (letter) => UNDECOMPOSED[letter] ?? letter);
}

/** The words of already folded text: letters and digits, split at everything else. */
function splitWords(folded: string): string[] {
  const parts = folded.replace(ELISION, '$1$2 ').replace(APOSTROPHES, '').split(NON_WORD);
  return parts.filter((word) => word.length > 0);
}

/** The words of a query or title as the index compares them. */
export function searchWords(text: string): string[] {
  return splitWords(foldText(text));
}

/** Splits a folded title into its year (0 when none) and its names: the title, then alternates. */
function parseTitle(folded: string): { year: number; names: string[] } {
  let rest = folded.trim();
  let year = 0;
  const yearMatch = TITLE_YEAR_PATTERN.exec(rest);
  if (yearMatch) {
    // The one year rule (movie-year.ts); a year outside its range is still stripped from the names.
    year = yearOfTitle(rest) ?? 0;
    rest = rest.slice(0, yearMatch.index).trim();
  }
  // Peel "(other name)" groups off the end; each is another name of the same movie. A group
  // that would leave nothing in front ("(500) Days of Summer" has none at the end) stays.
  const alternates: string[] = [];
  while (rest.endsWith(')')) {
    let depth = 0;
    let open = -1;
    for (let i = rest.length - 1; i >= 0; i--) {
      if (rest[i] === ')') depth++;
      else if (rest[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open <= 0) break;
    const before = rest.slice(0, open).trim();
    if (before.length === 0) break;
    alternates.unshift(
      rest
        .slice(open + 1, -1)
        .trim()
        .replace(AKA, ''),
    );
    rest = before;
  }
  return { year, names: [rest, ...alternates] };
}

/** A title taken apart once, so that searching compares strings and nothing else. */
export interface IndexedTitle {
  readonly year: number;
  /** Word strings ("w1 w2 …") the query must equal for tier 0: per name, without its moved
   * article, with it in front, and with it at the end. */
  readonly exact: readonly string[];
  /** Word strings a tier-1 query starts: per name, without and with the article in front. */
  readonly starts: readonly string[];
  /** " w1 w2 … year": every word of every name, each after a space, for word-prefix tests. */
  readonly wordText: string;
  /** Where the year starts in `wordText` (its length when there is none). */
  readonly wordTextYear: number;
  /** Per name its words run together, names and year apart: for "inside the title" tests. */
  readonly compact: string;
  /** Where the year starts in `compact` (its length when there is none). */
  readonly compactYear: number;
}

export function indexTitle(title: string): IndexedTitle {
  const { year, names } = parseTitle(foldText(title));
  const exact: string[] = [];
  const starts: string[] = [];
  const allWords: string[] = [];
  const compactParts: string[] = [];
  for (const name of names) {
    const moved = MOVED_ARTICLE.exec(name);
    const baseWords = splitWords(moved?.[1] ?? name);
    if (baseWords.length === 0) continue;
    const base = baseWords.join(' ');
    exact.push(base);
    starts.push(base);
    if (moved) {
      const article = splitWords(moved[2] ?? '').join('');
      exact.push(`${article} ${base}`, `${base} ${article}`);
      starts.push(`${article} ${base}`);
      allWords.push(article);
      compactParts.push(article + baseWords.join(''));
    } else {
      compactParts.push(baseWords.join(''));
    }
    allWords.push(...baseWords);
  }
  const namesText = ` ${allWords.join(' ')}`;
  const namesCompact = compactParts.join(' ');
  const yearText = year > 0 ? ` ${year}` : '';
  return {
    year,
    exact,
    starts,
    wordText: namesText + yearText,
    wordTextYear: namesText.length,
    compact: namesCompact + yearText,
    compactYear: namesCompact.length,
  };
}
