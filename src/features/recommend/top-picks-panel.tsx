import { useState } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { DatasetSummary, ModelInfo } from '../../worker/api';
import type { PickOrder } from './ranked-by-select';
import { useInPlaceInsights } from './in-place-insight';
import { PickInsight } from './pick-insight';
import { PickList } from './pick-list';

const PICK_COUNTS = [10, 20, 50] as const;

/** A year typed in a filter box, or undefined when the box is empty or not a year. */
function yearFrom(text: string): number | undefined {
  return /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

interface TopPicksPanelProps {
  readonly client: RecommenderClient;
  readonly summary: DatasetSummary | undefined;
  /** The model that ranks the picks; undefined while there is none for this data. */
  readonly model: ModelInfo | undefined;
  readonly order: PickOrder;
  /** A user to show picks for, chosen for the person; a new object each time it is suggested. */
  readonly suggestedUser?: { readonly userId: string };
}

export function TopPicksPanel({ client, summary, model, order, suggestedUser }: TopPicksPanelProps) {
  const [userText, setUserText] = useState('');
  // A user chosen for the person (Try it with demo data) fills the field once per suggestion
  // (state adjusted while rendering, as React advises for props that reset state).
  const [shownSuggestion, setShownSuggestion] = useState(suggestedUser);
  if (suggestedUser !== shownSuggestion) {
    setShownSuggestion(suggestedUser);
    if (suggestedUser) setUserText(suggestedUser.userId);
  }
  const [genre, setGenre] = useState('');
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [count, setCount] = useState<number>(PICK_COUNTS[0]);
  const insights = useInPlaceInsights();
  const ready = model !== undefined;
  const filterGenre = genre || undefined;
  const filterFrom = yearFrom(fromText);
  const filterTo = yearFrom(toText);
  const trimmed = userText.trim();
  const userId = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : undefined;
  const inputError = trimmed !== '' && userId === undefined ? `"${trimmed}" is not a user id: enter a whole number such as 1.` : undefined;
  // An answer belongs to one user, one model and these filters; anything else is not shown.
  const question =
    model && userId !== undefined
      ? JSON.stringify([model.modelId, order.rankerId, order.rankedBy, userId, count, filterGenre, filterFrom, filterTo])
      : undefined;
  // A better model (the training goes on) replaces the list in place: the last one for the same
  // user and filters stays until the new one is there, so the list does not jump.
  const shown = useWorkerAnswer(
    question,
    () => client.topPicks(userId ?? 0, count, { genre: filterGenre, yearFrom: filterFrom, yearTo: filterTo }, order.rankedBy),
    { sameAs: JSON.stringify([summary?.name, summary?.ratingCount, order.rankedBy, userId, count, filterGenre, filterFrom, filterTo]) },
  );
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
      <div className="pick-filters">
        <label>
          <span>Genre</span>
          <select value={genre} onChange={(event) => setGenre(event.currentTarget.value)} disabled={!ready}>
            <option value="">All genres</option>
            {summary?.genres.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From year</span>
          <input
            type="text"
            inputMode="numeric"
            placeholder="e.g. 1990"
            value={fromText}
            disabled={!ready}
            onChange={(event) => setFromText(event.currentTarget.value)}
          />
        </label>
        <label>
          <span>To year</span>
          <input
            type="text"
            inputMode="numeric"
            placeholder="e.g. 2010"
            value={toText}
            disabled={!ready}
            onChange={(event) => setToText(event.currentTarget.value)}
          />
        </label>
        <label>
          <span>How many</span>
          <select value={count} onChange={(event) => setCount(Number(event.currentTarget.value))} disabled={!ready}>
            {PICK_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!ready && (
        <p className="hint">Train a model, then enter a MovieLens userId to see the 10 movies it predicts that user will like most.</p>
      )}
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
            User {shown.userId} rated {shown.ratedCount} movies; these are the{' '}
            {shown.rankedBy === 'match' ? "best taste matches (the ranking model's)" : 'highest-predicted'} of the movies they have not
            rated (among movies with at least {shown.minimumRatings} ratings).
          </p>
          <PickList
            picks={shown.picks}
            testId="top-picks"
            stars={model?.origin?.feedback !== 'implicit' && !model?.provisional}
            actions={{
              place: 'top-picks',
              insights,
              renderInsight: (open) => (
                <PickInsight
                  client={client}
                  model={model}
                  request={open}
                  forUser={shown.userId}
                  onClose={insights.close}
                  onSimilar={(movieId) => insights.follow({ kind: 'similar', movieId })}
                />
              ),
            }}
          />
          {shown.picks.length === 0 && <p className="hint">No movie passes these filters.</p>}
        </>
      )}
    </section>
  );
}
