import { describe, expect, it } from 'vitest';
import { generateDemoCsv } from '../demo-data';
import { buildDataset } from './build-dataset';
import { fromStored, toStored } from './stored-dataset';

describe('stored dataset', () => {
  const demo = generateDemoCsv({ seed: 2, userCount: 30, movieCount: 40, meanRatingsPerUser: 20 });
  const { dataset, report } = buildDataset(
    [
      { name: 'movies.csv', text: demo.moviesCsv },
      { name: 'ratings.csv', text: demo.ratingsCsv },
    ],
    'stored',
  );

  it('round-trips through structured clone, as IndexedDB stores it', () => {
    const stored = structuredClone(toStored(dataset, report, 'fp'));
    const back = fromStored(stored);
    expect(back?.dataset.ratings).toEqual(dataset.ratings);
    expect(Array.from(back?.dataset.users.rawIds() ?? [])).toEqual(Array.from(dataset.users.rawIds()));
    expect(back?.dataset.movieInfo).toEqual(dataset.movieInfo);
    expect(back?.dataset.users.indexOf(dataset.users.rawId(3))).toBe(3);
    expect(back?.report).toEqual(report);
  });

  it('refuses a tampered copy instead of trusting it', () => {
    const stored = toStored(dataset, report, 'fp');
    const badUser = Int32Array.from(stored.user);
    badUser[5] = 10_000;
    expect(fromStored({ ...stored, user: badUser })).toBeUndefined();
    expect(fromStored({ ...stored, titles: stored.titles.slice(1) })).toBeUndefined();
  });
});
