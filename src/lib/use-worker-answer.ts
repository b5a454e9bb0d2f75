import { useEffect, useEffectEvent, useState } from 'react';

/**
 * Asks the worker whenever `key` changes and answers what it said for the current key only: an
 * answer to an older question (another user, an older model) is never shown, and one that
 * arrives after unmount is dropped. `key` says everything the question depends on (ids of the
 * dataset and model snapshots, the inputs); undefined asks nothing.
 *
 * With `keepPrevious`, the last answer stays shown while the next is on its way (a chart that
 * should not blink when one point moves); it is still never shown for an undefined key.
 *
 * A rejected call is a bug or a dead worker, never an expected failure (those are answers): it
 * is thrown during render, for the app's error boundary to show.
 */
export function useWorkerAnswer<T>(key: string | undefined, ask: () => Promise<T>, { keepPrevious = false } = {}): T | undefined {
  const [answer, setAnswer] = useState<{ readonly key: string; readonly value: T }>();
  const [error, setError] = useState<unknown>();
  const askLatest = useEffectEvent(ask);
  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    askLatest().then(
      (value) => current && setAnswer({ key, value }),
      (reason: unknown) => current && setError(reason instanceof Error ? reason : new Error(String(reason))),
    );
    return () => {
      current = false;
    };
  }, [key]);
  if (error !== undefined) throw error;
  if (key === undefined || !answer) return undefined;
  return answer.key === key || keepPrevious ? answer.value : undefined;
}
