import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from './random';
import { TitleIndex } from './search';

describe('TitleIndex: 62,000 titles', () => {
  const words = [
    'love',
    'night',
    'man',
    'dark',
    'star',
    'war',
    'city',
    'last',
    'day',
    'life',
    'dead',
    'girl',
    'house',
    'king',
    'blood',
    'story',
    'time',
    'world',
    'black',
    'american',
    'lost',
    'return',
    'secret',
    'road',
    'amour',
    'fille',
    'nuit',
    'été',
    'noche',
    'amor',
    'liebe',
    'nacht',
    'ghost',
    'river',
    'summer',
    'moon',
    'matrix',
    'knight',
    'dream',
    'street',
    'café',
    'brother',
    'sister',
    'island',
    'killer',
    'fire',
    'ice',
  ];
  const articles = ['The', 'A', 'La', 'Les', 'Le', 'El', 'Die', 'Das'];
  const random = mulberry32(62);
  const titles: string[] = [];
  for (let i = 0; i < 62_000; i++) {
    const count = 1 + randomInt(random, 4);
    const parts: string[] = [];
    for (let w = 0; w < count; w++) parts.push(words[randomInt(random, words.length)]);
    let title = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join(' ');
    if (random() < 0.3) title += `, ${articles[randomInt(random, articles.length)]}`;
    if (random() < 0.1) title += ` (${words[randomInt(random, words.length)]} ${i})`;
    titles.push(`${title} (${1900 + randomInt(random, 124)})`);
  }
  const popularity = Float64Array.from(titles, () => randomInt(random, 1000));

  it('builds once and answers each search well under 50 ms', () => {
    const buildStart = performance.now();
    const big = new TitleIndex(titles, popularity);
    const buildMs = performance.now() - buildStart;
    const queries = ['matrix', 'the dark knight', 'nuit 1999', 'ete', 'a', 'e', 'love story', 'zzz', '1999', 'kni da', 'st'];
    for (const query of queries) big.search(query, 10); // warm up the JIT
    const timings: string[] = [];
    let worst = 0;
    for (const query of queries) {
      const runs = 20;
      const start = performance.now();
      for (let r = 0; r < runs; r++) big.search(query, 10);
      const ms = (performance.now() - start) / runs;
      worst = Math.max(worst, ms);
      timings.push(`${query}: ${ms.toFixed(2)} ms`);
    }
    console.info(`TitleIndex over 62,000 titles: built in ${buildMs.toFixed(0)} ms; ${timings.join(', ')}`);
    expect(worst).toBeLessThan(50);
    expect(big.search('matrix knight', 5).length).toBe(5);
  });

  it('orders one tier by popularity, length and index, as a full sort does', () => {
    // Every title starts with "movie", so only the tie-breaks order them; popularity has many
    // ties, and the numbers give titles of different lengths.
    const many = Array.from({ length: 5_000 }, (_, i) => `Movie ${(i * 7907) % 5_000} (2000)`);
    const counts = Array.from({ length: many.length }, () => randomInt(random, 50));
    const expected = [...many.keys()].sort((a, b) => counts[b] - counts[a] || many[a].length - many[b].length || a - b);
    const searchable = new TitleIndex(many, counts);
    expect(searchable.search('movie', 25)).toEqual(expected.slice(0, 25));
    expect(searchable.search('mov', many.length)).toEqual(expected);
  });

  it('keeps the same best results as a full sort', () => {
    const big = new TitleIndex(titles, popularity);
    for (const query of ['love', 'the dark', 'nuit 1999', 'e', '2001']) {
      expect(big.search(query, 7)).toEqual(big.search(query, 62_000).slice(0, 7));
    }
  });
});
