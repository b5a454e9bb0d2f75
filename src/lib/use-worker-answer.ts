import { useEffect, useEffectEvent, useState } from 'react';

/**
 * Asks the worker whenever `key` changes and answers what it said for the current key only: an
 * answer to an older question (another user, an older model) is never shown, and one that
 * arrives after unmount is dropped. `key` says everything the question depends on (ids of the
 * dataset and model snapshots, the inputs); undefined asks nothing.
 *
 * With `keepPrevious`, the last answer stays shown while the next is on its way (a chart that
 * should not blink when one point moves); it is still never shown for an undefined key. With
 * `sameAs`, only an answer asked under the same `sameAs` stays (a list whose model improves
 * stays in place until the better one arrives, but another user's list never shows).
 *
 * A rejected call is a bug or a dead worker, never an expected failure (those are answers): it
 * is thrown during render, for the app's error boundary to show.
 */
export function useWorkerAnswer<T>(
  key: string | undefined,
  ask: () => Promise<T>,
  { keepPrevious = false, sameAs }: { readonly keepPrevious?: boolean; readonly sameAs?: string } = {},
): T | undefined {
  const [answer, setAnswer] = useState<{ readonly key: string; readonly sameAs: string | undefined; readonly value: T }>();
  const [error, setError] = useState<unknown>();
  const askLatest = useEffectEvent(ask);
  const sameAsNow = useEffectEvent(() => sameAs);
  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    const askedAs = sameAsNow();
    askLatest().then(
      (value) => current && setAnswer({ key, sameAs: askedAs, value }),
      (reason: unknown) => current && setError(reason instanceof Error ? reason : new Error(String(reason))),
    );
    return () => {
      current = false;
    };
  }, [key]);
  if (error !== undefined) throw error;
  if (key === undefined || !answer) return undefined;
  const stays = keepPrevious || (sameAs !== undefined && answer.sameAs === sameAs);
  return answer.key === key || stays ? answer.value : undefined;
}
