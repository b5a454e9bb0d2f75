import type { Page } from '@playwright/test';

/**
 * What the page showed of the picks, and when: a snapshot on every DOM change, recorded in the
 * page itself (a MutationObserver installed before the app's script), so a phase that lasts a
 * second is never missed between two polls of a test. Used by the first-picks e2e spec and by
 * the page bench (bench/page-first-picks.ts), which reads the person's wait from it.
 */
export interface PicksSnapshot {
  /** performance.now() of the page. */
  readonly at: number;
  /** Top picks listed. */
  readonly picks: number;
  /** Whether the first pick shows predicted stars. */
  readonly stars: boolean;
  /** data-phase of the first-picks mark, or null when there is none. */
  readonly firstPicks: string | null;
  /** data-state of the training status. */
  readonly status: string | null;
  /** The first pick's movie id: the list replaced in place keeps its place, not its movies. */
  readonly firstMovieId: string | null;
  /** Rows of the per-epoch table. */
  readonly epochs: number;
  /** Set on the snapshot taken when a button with this test id was clicked (or tapped). */
  readonly click?: string;
}

declare global {
  interface Window {
    picksTimeline?: PicksSnapshot[];
  }
}

/**
 * The recorder, as page source text: a function handed to addInitScript would be compiled by
 * whatever runs this file (tsx names functions with a helper the page does not have).
 */
const RECORDER = `(() => {
  const timeline = [];
  window.picksTimeline = timeline;
  let last = '';
  const snapshot = () => {
    const picks = document.querySelectorAll('[data-testid=top-picks] [data-testid=pick]');
    const first = picks[0];
    const state = {
      picks: picks.length,
      stars: first?.textContent?.includes('\u2605') ?? false,
      firstPicks: document.querySelector('[data-testid=first-picks]')?.getAttribute('data-phase') ?? null,
      status: document.querySelector('[data-testid=training-status]')?.getAttribute('data-state') ?? null,
      firstMovieId: first?.getAttribute('data-movie-id') ?? null,
      epochs: document.querySelectorAll('[data-testid=metrics-table] tr[data-epoch]').length,
    };
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    timeline.push({ at: performance.now(), ...state });
  };
  snapshot();
  // The person's click starts their wait: recorded as it happens, before the app handles it.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-testid]') : null;
    const click = button?.getAttribute('data-testid');
    if (click) timeline.push({ ...timeline.at(-1), at: performance.now(), click });
  }, { capture: true });
  new MutationObserver(snapshot).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

export async function recordPicksTimeline(page: Page): Promise<void> {
  await page.addInitScript({ content: RECORDER });
}

export async function picksTimeline(page: Page): Promise<PicksSnapshot[]> {
  return page.evaluate(() => window.picksTimeline ?? []);
}
