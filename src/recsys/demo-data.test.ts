import { describe, expect, it } from 'vitest';
import { DEMO_GENRES, generateDemoCsv } from './demo-data';
import { buildDataset } from './import/build-dataset';
import { countRatingsPerMovie } from './recommend';

describe('generateDemoCsv', () => {
  const demo = generateDemoCsv();

  it('is deterministic for a seed and differs for another', () => {
    expect(generateDemoCsv()).toEqual(demo);
    expect(generateDemoCsv({ seed: 2 }).ratingsCsv).not.toEqual(demo.ratingsCsv);
  });

  it('is MovieLens-shaped: a few hundred users, about a thousand movies, titles with years', () => {
    const { dataset, report } = buildDataset(
      [
        { name: 'movies.csv', text: demo.moviesCsv },
        { name: 'ratings.csv', text: demo.ratingsCsv },
      ],
      'demo',
    );
    expect(report.totalSkipped).toBe(0);
    expect(dataset.users.size).toBe(400);
    expect(dataset.movies.size).toBe(1000);
    expect(dataset.ratings.rating.length).toBeGreaterThan(15_000);
    expect(dataset.ratings.rating.length).toBeLessThan(40_000);
    expect(new Set(dataset.movieInfo.map((m) => m.title)).size).toBe(1000);
    for (const movie of dataset.movieInfo) {
      expect(movie.title).toMatch(/\S \((19[5-9]\d|20[0-2]\d)\)$/);
      expect(movie.genres.length).toBeGreaterThan(0);
      for (const genre of movie.genres) expect(DEMO_GENRES).toContain(genre);
    }
    // Half-star ratings over the whole scale, as in ml-latest.
    const values = new Set(dataset.ratings.rating);
    expect(values.has(0.5) || values.has(1)).toBe(true);
    expect(values.has(5)).toBe(true);
    expect(dataset.ratingScale).toEqual({ min: 0.5, max: 5 });
    // Popular movies are still rated most: the generator's 100 most popular (ids 1..100) get about
    // a third of the ratings (0.31 measured; a flat choice would give them a tenth).
    const perMovie = countRatingsPerMovie(dataset.ratings, dataset.movies.size);
    let head = 0;
    for (let i = 0; i < dataset.movies.size; i++) if (dataset.movies.rawId(i) <= 100) head += perMovie[i]!;
    expect(head / dataset.ratings.rating.length).toBeGreaterThan(0.25);
    // Some titles need CSV quoting, as real ones do.
    expect(demo.moviesCsv).toMatch(/^\d+,".*, The \(\d{4}\)",/m);
  });
});
