import type { RankedBy, RankerInfo } from '../../worker/api';
import { rankingModelName } from '../../lib/format';

/** Which score orders the lists, and the ranking model it refers to (lists are asked again when either changes). */
export interface PickOrder {
  readonly rankedBy: RankedBy;
  readonly rankerId: number | undefined;
}

/** "Ranked by: Taste match / Predicted rating" for Top picks and For you together. Taste match
 * needs a ranking model; it is the default because it finds twice as many of the movies people
 * go on to like (docs/models.md, "Ranking"). */
export function RankedBySelect({
  ranker,
  rankedBy,
  onChange,
}: {
  readonly ranker: RankerInfo | undefined;
  readonly rankedBy: RankedBy;
  readonly onChange: (rankedBy: RankedBy) => void;
}) {
  const shown: RankedBy = ranker ? rankedBy : 'rating';
  return (
    <div className="ranked-by">
      <label>
        <span>Ranked by</span>
        <select value={shown} onChange={(event) => onChange(event.currentTarget.value as RankedBy)}>
          <option value="match" disabled={!ranker}>
            Taste match
          </option>
          <option value="rating">Predicted rating</option>
        </select>
      </label>
      <span className="hint">
        {ranker
          ? shown === 'match'
            ? `Taste match: the ranking model (${rankingModelName(ranker.engine)}, k ${ranker.factors}) orders the picks; each still shows its predicted rating.`
            : 'Predicted rating: the rating model orders the picks.'
          : 'Train with the iALS ranker to order picks by taste match.'}
      </span>
    </div>
  );
}
