import { useEffect, useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import type { DatasetSummary, TopPicksOutcome } from '../../worker/api';
import { PickList } from './pick-list';

const PICK_COUNT = 10;

interface TopPicksPanelProps {
  readonly client: RecommenderClient;
  readonly summary: DatasetSummary | undefined;
  /** Increases each time a trained model is ready; 0 while there is none for this data. */
  readonly modelVersion: number;
}

export function TopPicksPanel({ client, summary, modelVersion }: TopPicksPanelProps) {
  const [userText, setUserText] = useState('');
  const [answer, setAnswer] = useState<{ key: string; outcome: TopPicksOutcome }>();
  const ready = modelVersion > 0;
  const trimmed = userText.trim();
  const userId = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : undefined;
  const inputError = trimmed !== '' && userId === undefined ? `"${trimmed}" is not a user id: enter a whole number such as 1.` : undefined;
  // An answer belongs to one user and one model; anything else is stale and not shown.
  const key = `${userId}@${modelVersion}`;

  useEffect(() => {
    if (!ready || userId === undefined) return;
    let cancelled = false;
    void client.topPicks(userId, PICK_COUNT).then((outcome) => {
      if (!cancelled) setAnswer({ key: `${userId}@${modelVersion}`, outcome });
    });
    return () => {
      cancelled = true;
    };
  }, [client, ready, userId, modelVersion]);

  const shown = ready && answer?.key === key ? answer.outcome : undefined;
  return (
    <section className="panel" aria-labelledby="picks-heading">
      <h2 id="picks-heading">3. Top picks</h2>
      <label className="user-field">
        <span>User</span>
        <input
          type="text"
          inputMode="numeric"
          data-testid="user-select"
          placeholder={summary ? `${summary.userIdRange[0]}–${summary.userIdRange[1]}` : 'userId'}
          value={userText}
          disabled={!ready}
          onChange={(event) => setUserText(event.currentTarget.value)}
        />
      </label>
      {!ready && <p className="hint">Train a model, then enter a MovieLens userId to see the 10 movies it predicts that user will like most.</p>}
      {ready && inputError && (
        <div role="alert" className="alert alert--error">
          {inputError}
        </div>
      )}
      {shown && !shown.ok && (
        <div role="alert" className="alert alert--error">
          {shown.message}
        </div>
      )}
      {shown?.ok && (
        <>
          <p className="hint">
            User {shown.userId} rated {shown.ratedCount} movies; these are the highest-predicted of the movies they have not rated
            (among movies with at least {shown.minimumRatings} ratings).
          </p>
          <PickList picks={shown.picks} testId="top-picks" />
        </>
      )}
    </section>
  );
}
