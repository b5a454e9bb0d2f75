import { generateDemoCsv, type DemoDataOptions } from '../recsys/demo-data';
import { buildDataset } from '../recsys/import/build-dataset';
import { randomSplit } from '../recsys/split';

/** Demo-shaped data of the given size, imported and split as the app does, for tests. */
export function demoSplit(options: DemoDataOptions, splitSeed: number) {
  const demo = generateDemoCsv(options);
  const { dataset } = buildDataset(
    [
      { name: 'movies.csv', text: demo.moviesCsv },
      { name: 'ratings.csv', text: demo.ratingsCsv },
    ],
    'test demo',
  );
  return {
    dataset,
    split: randomSplit(dataset.ratings, 0.2, splitSeed),
    size: { userCount: dataset.users.size, movieCount: dataset.movies.size },
  };
}
