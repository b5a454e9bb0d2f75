import type { RankingMetrics, TrainingResult } from '../../worker/api';
import { ScrollRegion } from '../../lib/scroll-region';

const format = (value: number) => (Number.isFinite(value) ? value.toFixed(4) : '–');

function Row({ name, metrics, testId }: { readonly name: string; readonly metrics: RankingMetrics; readonly testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td data-metric="precision-at-10">{format(metrics.precisionAtK)}</td>
      <td data-metric="recall-at-10">{format(metrics.recallAtK)}</td>
      <td data-metric="ndcg-at-10">{format(metrics.ndcgAtK)}</td>
    </tr>
  );
}

/** Top-10 ranking quality on the test split, next to the popularity baseline. */
export function RankingTable({
  ranking,
  rankerName = 'iALS',
}: {
  readonly ranking: NonNullable<TrainingResult['ranking']>;
  /** How the ranking model is named in its row (see rankingModelName). */
  readonly rankerName?: string;
}) {
  return (
    <ScrollRegion label="Ranking on the test split">
      <table className="metrics-table" data-testid="ranking-metrics">
        <caption>
          Ranking on the test split: each user's top 10 among the movies they did not rate in training; relevant = a test rating of 4 or
          more ({ranking.model.users.toLocaleString('en-US')} users)
        </caption>
        <thead>
          <tr>
            <th scope="col">Ranked by</th>
            <th scope="col">Precision@10</th>
            <th scope="col">Recall@10</th>
            <th scope="col">NDCG@10</th>
          </tr>
        </thead>
        <tbody>
          <Row
            name={`Top picks as listed (${ranking.picks.rankedBy === 'match' ? 'taste match' : 'predicted rating'}, movies with ≥ ${ranking.picks.minimumRatings} ratings)`}
            metrics={ranking.picks}
            testId="ranking-picks"
          />
          {ranking.ranker && <Row name={`ranking model (${rankerName}), every movie`} metrics={ranking.ranker} testId="ranking-ranker" />}
          <Row name="rating model, every movie" metrics={ranking.model} testId="ranking-model" />
          <Row
            name={`rating model, movies with ≥ ${ranking.modelAsListed.minimumRatings} ratings`}
            metrics={ranking.modelAsListed}
            testId="ranking-model-listed"
          />
          <Row name="popularity (baseline)" metrics={ranking.popularity} testId="ranking-popularity" />
        </tbody>
      </table>
    </ScrollRegion>
  );
}
