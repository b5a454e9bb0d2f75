import { describe, expect, it } from 'vitest';
import { foldText, searchWords, TitleIndex } from './search';

// Real MovieLens titles (ml-latest-small / ml-latest spellings) with rough rating counts, so that
// the popularity tie-break behaves as it will on the real data.
const MOVIES: readonly (readonly [string, number])[] = [
  ['Toy Story (1995)', 215], // 0
  ['Matrix, The (1999)', 278], // 1
  ['Matrix Reloaded, The (2003)', 87], // 2
  ['Matrix Revolutions, The (2003)', 62], // 3
  ['Dark Knight, The (2008)', 149], // 4
  ['Dark Knight Rises, The (2012)', 76], // 5
  ['Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)', 48], // 6
  ["Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 120], // 7
  ['Café Society (2016)', 4], // 8
  ['Amants, Les (1958)', 1], // 9
  ['City of Lost Children, The (Cité des enfants perdus, La) (1995)', 34], // 10
  ['Hate (Haine, La) (1995)', 17], // 11
  ['2001: A Space Odyssey (1968)', 109], // 12
  ['American Beauty (1999)', 204], // 13
  ['Fight Club (1999)', 218], // 14
  ['Shrek (2001)', 170], // 15
  ['Lord of the Rings: The Fellowship of the Ring, The (2001)', 198], // 16
  ['Star Wars: Episode IV - A New Hope (1977)', 251], // 17
  ["Auberge espagnole, L' (2002)", 13], // 18
  ['Die Hard (1988)', 145], // 19
  ['Hard Target (1993)', 18], // 20
  ['Spider-Man (2002)', 122], // 21
  ['Léon: The Professional (a.k.a. The Professional) (Léon) (1994)', 133], // 22
  ["Schindler's List (1993)", 220], // 23
  ["Pan's Labyrinth (Laberinto del fauno, El) (2006)", 78], // 24
  ['Misérables, Les (1995)', 3], // 25
  ['Das Boot (Boat, The) (1981)', 58], // 26
  ['Twin Peaks (1990–1991)', 2], // 27
  ['Babylon 5', 1], // 28
  ['Lives of Others, The (Das leben der Anderen) (2006)', 57], // 29
  ['Cité des enfants perdus, La (1995)', 2], // 30: same film, an older spelling; kept to test ties
  ['Haine, La (1995)', 5], // 31
  ['Ødeland (2006)', 1], // 32
  ['Monsters, Inc. (2001)', 132], // 33
];
const TITLES = MOVIES.map(([title]) => title);
const POPULARITY = MOVIES.map(([, count]) => count);
const index = new TitleIndex(TITLES, POPULARITY);
const find = (query: string, limit = 10) => index.search(query, limit).map((i) => TITLES[i]);
const first = (query: string) => find(query, 1)[0];

describe('text folding', () => {
  it('lowercases and strips accents and ligatures', () => {
    expect(foldText('Amélie Café Ødeland Œuvre Straße İstanbul')).toBe('amelie cafe odeland oeuvre strasse istanbul');
  });

  it('splits words at punctuation, keeps elided articles apart and drops English apostrophes', () => {
    expect(searchWords("Spider-Man: L'Auberge, d’Amélie; Schindler's")).toEqual([
      'spider',
      'man',
      'l',
      'auberge',
      'd',
      'amelie',
      'schindlers',
    ]);
    expect(searchWords('  ,;  ')).toEqual([]);
  });
});

describe('TitleIndex: queries that return nothing', () => {
  it('returns [] for an empty or whitespace query, a zero limit, or no match', () => {
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('   \t ', 10)).toEqual([]);
    expect(index.search('—!?', 10)).toEqual([]);
    expect(index.search('matrix', 0)).toEqual([]);
    expect(index.search('matrix', -3)).toEqual([]);
    expect(index.search('xyzzy', 10)).toEqual([]);
    expect(new TitleIndex([]).search('matrix', 10)).toEqual([]);
  });
});

describe('TitleIndex: accents and case', () => {
  it('finds accented titles from plain letters, and the other way round', () => {
    expect(first('Amelie')).toBe("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
    expect(first('AMÉLIE')).toBe("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
    expect(first('cafe')).toBe('Café Society (2016)');
    expect(first('CAFÉ society')).toBe('Café Society (2016)');
    expect(first('leon')).toBe('Léon: The Professional (a.k.a. The Professional) (Léon) (1994)');
    expect(first('les miserables')).toBe('Misérables, Les (1995)');
    expect(first('odeland')).toBe('Ødeland (2006)');
    expect(first('fabuleux destin d amelie')).toBe("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
  });
});

describe('TitleIndex: moved articles', () => {
  it('finds "Matrix, The" with the article in front, at the end, or left out', () => {
    for (const query of ['the matrix', 'matrix', 'matrix the', 'Matrix, The', 'Matrix, The (1999)', 'THE MATRIX']) {
      expect(first(query)).toBe('Matrix, The (1999)');
    }
    // "matrix" is an exact name of The Matrix and only the start of the sequels' names.
    expect(find('matrix')).toEqual(['Matrix, The (1999)', 'Matrix Reloaded, The (2003)', 'Matrix Revolutions, The (2003)']);
    expect(find('the matrix re')).toEqual(['Matrix Reloaded, The (2003)', 'Matrix Revolutions, The (2003)']);
  });

  it('restores the article even when the title has the same word inside', () => {
    const good = 'Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)';
    expect(first('the good the bad and the ugly')).toBe(good);
    expect(first('Good, the Bad and the Ugly')).toBe(good);
    expect(first('good the bad and the ugly the')).toBe(good);
    expect(first('il buono il brutto il cattivo')).toBe(good);
    expect(first('the dark knight')).toBe('Dark Knight, The (2008)');
    expect(first('lord of the rings the fellowship')).toBe('Lord of the Rings: The Fellowship of the Ring, The (2001)');
  });

  it("knows the other languages' articles", () => {
    expect(first('les amants')).toBe('Amants, Les (1958)');
    expect(first('amants')).toBe('Amants, Les (1958)');
    // La Haine exists twice: as the alternate name of "Hate" and on its own. Both are exact
    // matches of "la haine"; the popular one comes first.
    expect(find('la haine')).toEqual(['Hate (Haine, La) (1995)', 'Haine, La (1995)']);
    expect(first("l'auberge espagnole")).toBe("Auberge espagnole, L' (2002)");
    expect(first('l’auberge')).toBe("Auberge espagnole, L' (2002)");
    expect(first('auberge espagnole')).toBe("Auberge espagnole, L' (2002)");
    expect(first('el laberinto del fauno')).toBe("Pan's Labyrinth (Laberinto del fauno, El) (2006)");
    expect(first('das leben der anderen')).toBe('Lives of Others, The (Das leben der Anderen) (2006)');
    expect(find('la cite des enfants perdus')).toEqual([
      'City of Lost Children, The (Cité des enfants perdus, La) (1995)',
      'Cité des enfants perdus, La (1995)',
    ]);
  });

  it('does not treat a leading word as a moved article', () => {
    // "Die Hard" starts with a German article but MovieLens did not move it: "hard" is only a
    // word of it, while it starts "Hard Target", which therefore ranks first despite fewer ratings.
    expect(find('hard')).toEqual(['Hard Target (1993)', 'Die Hard (1988)']);
    expect(first('die hard')).toBe('Die Hard (1988)');
    expect(find('das boot')).toEqual(['Das Boot (Boat, The) (1981)']);
    expect(first('the boat')).toBe('Das Boot (Boat, The) (1981)');
  });
});

describe('TitleIndex: alternate names', () => {
  it('matches the names in parentheses, "a.k.a." included', () => {
    expect(first('the professional')).toBe('Léon: The Professional (a.k.a. The Professional) (Léon) (1994)');
    expect(first('hate')).toBe('Hate (Haine, La) (1995)');
    expect(first("pan's labyrinth")).toBe("Pan's Labyrinth (Laberinto del fauno, El) (2006)");
    expect(first('pans labyrinth')).toBe("Pan's Labyrinth (Laberinto del fauno, El) (2006)");
    expect(first('city of lost children')).toBe('City of Lost Children, The (Cité des enfants perdus, La) (1995)');
  });
});

describe('TitleIndex: years', () => {
  it('ranks the movie of the typed year first', () => {
    expect(find('matrix 1999')).toEqual(['Matrix, The (1999)', 'Matrix Reloaded, The (2003)', 'Matrix Revolutions, The (2003)']);
    // The year outranks the better title match: The Dark Knight is an exact name but not of 2012.
    expect(find('dark knight 2012')).toEqual(['Dark Knight Rises, The (2012)', 'Dark Knight, The (2008)']);
    expect(find('2003 matrix')).toEqual(['Matrix Reloaded, The (2003)', 'Matrix Revolutions, The (2003)', 'Matrix, The (1999)']);
  });

  it('lists the movies of a year for a query that is only the year, by popularity', () => {
    expect(find('1999')).toEqual(['Matrix, The (1999)', 'Fight Club (1999)', 'American Beauty (1999)']);
    expect(find('(1995)')).toEqual([
      'Toy Story (1995)',
      'City of Lost Children, The (Cité des enfants perdus, La) (1995)',
      'Hate (Haine, La) (1995)',
      'Haine, La (1995)',
      'Misérables, Les (1995)',
      'Cité des enfants perdus, La (1995)',
    ]);
    expect(find('1850')).toEqual([]);
  });

  it('lets a title that is a number compete with the movies of that year', () => {
    // "2001" starts "2001: A Space Odyssey (1968)" and is the year of four others: all five
    // rank as prefix matches, by popularity.
    expect(find('2001')).toEqual([
      'Lord of the Rings: The Fellowship of the Ring, The (2001)',
      'Shrek (2001)',
      'Monsters, Inc. (2001)',
      "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
      '2001: A Space Odyssey (1968)',
    ]);
    expect(first('2001 space')).toBe('2001: A Space Odyssey (1968)');
  });

  it('reads series years and narrows on a partly typed year', () => {
    expect(first('twin peaks 1990')).toBe('Twin Peaks (1990–1991)');
    expect(find('matrix 200')).toEqual(['Matrix Reloaded, The (2003)', 'Matrix Revolutions, The (2003)']);
    expect(find('matrix 19')).toEqual(['Matrix, The (1999)']);
  });

  it('reads a lone digit as a sequel number, never as the start of a year', () => {
    const sequels = new TitleIndex(['Toy Story (1995)', 'Toy Story 2 (1999)', 'Toy Story 3 (2010)', 'Shrek 2 (2004)']);
    expect(sequels.search('toy story 2', 10)).toEqual([1]);
    // Both have "2" as a word (tier 2), none has popularity: the shorter title first.
    expect(sequels.search('2', 10)).toEqual([3, 1]);
    expect(sequels.search('toy story 20', 10)).toEqual([2]);
  });

  it('finds titles without a year', () => {
    expect(find('babylon')).toEqual(['Babylon 5']);
    expect(find('babylon 5')).toEqual(['Babylon 5']);
  });
});

describe('TitleIndex: ranking tiers', () => {
  // Popularity runs against the tiers, so only the tiers can explain the order.
  const titles = [
    'Superstar (1999)', // 0: "star" only inside a word
    'Dark Star (1974)', // 1: a word starts with "star"
    'Star Trek (2009)', // 2: the title starts with "star"
    'Star (2001)', // 3: exactly "star"
    'Starman (1984)', // 4: the title starts with "star" too
  ];
  const tiers = new TitleIndex(titles, [500, 400, 300, 10, 20]);

  it('orders exact > starts with > word starts > inside, whatever the popularity', () => {
    expect(tiers.search('star', 10)).toEqual([3, 2, 4, 1, 0]);
  });

  it('matches words as prefixes while typing', () => {
    expect(tiers.search('sta', 10)).toEqual([2, 4, 3, 1, 0]);
    expect(first('matr')).toBe('Matrix, The (1999)');
    expect(first('the mat')).toBe('Matrix, The (1999)');
    expect(first('schindler')).toBe("Schindler's List (1993)");
    expect(first("schindler's list")).toBe("Schindler's List (1993)");
  });

  it('accepts query words in any order, below the titles that start with them', () => {
    expect(find('knight dark')).toEqual(['Dark Knight, The (2008)', 'Dark Knight Rises, The (2012)']);
    expect(find('new hope')).toEqual(['Star Wars: Episode IV - A New Hope (1977)']);
  });

  it('finds words run together or split by punctuation', () => {
    expect(first('spiderman')).toBe('Spider-Man (2002)');
    expect(first('spider man')).toBe('Spider-Man (2002)');
    expect(first('monsters inc')).toBe('Monsters, Inc. (2001)');
  });

  it('requires every word', () => {
    expect(find('matrix knight')).toEqual([]);
  });

  it('breaks ties by popularity, then the shorter title, then the lower index', () => {
    const same = ['Alien (1979)', 'Aliens (1986)', 'Alien³ (a.k.a. Alien 3) (1992)', 'Alien (1979)'];
    // All four start with "alien" (prefix tier; "Alien" exactly for 0, 2 and 3 too).
    expect(new TitleIndex(same, [5, 5, 5, 5]).search('ali', 10)).toEqual([0, 3, 1, 2]);
    expect(new TitleIndex(same, [1, 9, 1, 1]).search('ali', 10)).toEqual([1, 0, 3, 2]);
    // Without popularity the shorter title wins, then the lower index.
    expect(new TitleIndex(same).search('ali', 10)).toEqual([0, 3, 1, 2]);
    // "alien" is exactly 0 and 3; "Aliens" and "Alien³" (folded to "alien3") start with it.
    expect(new TitleIndex(same).search('alien', 10)).toEqual([0, 3, 1, 2]);
  });

  it('returns at most `limit`, the best ones', () => {
    const all = index.search('the', 1000);
    expect(all.length).toBeGreaterThan(10);
    expect(index.search('the', 3)).toEqual(all.slice(0, 3));
    expect(index.search('the', 2.7)).toEqual(all.slice(0, 2));
    expect(index.search('the', Infinity)).toEqual(all);
  });

  it('refuses a popularity array of the wrong length', () => {
    expect(() => new TitleIndex(['A (2000)', 'B (2001)'], [1])).toThrow(RangeError);
  });
});
