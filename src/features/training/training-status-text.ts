import type { RankerIterationMetrics } from '../../worker/api';

// The training status line's words: which sweep the ranker is on, which epoch was kept.

/** What the status line says while the ranker trains. */
export function rankerStatus(history: readonly RankerIterationMetrics[], iterations: number): string {
  const last = history.at(-1);
  if (last?.phase === 'refit') return `Ranker: refitting on every training rating… sweep ${last.iteration + 1}`;
  return `Ranker: sweep ${history.length + 1} of up to ${iterations}…`;
}

/** The median seconds per sweep, as a clause of the ranker's note. */
export function secondsPerSweep(history: readonly RankerIterationMetrics[]): string {
  if (history.length === 0) return '';
  const seconds = history.map((m) => m.seconds).sort((a, b) => a - b);
  return `; ${seconds[Math.floor(seconds.length / 2)]!.toFixed(3)} s per sweep (median)`;
}

/** What the status line says about the model kept: the epoch validation chose, the refit, the test figure. */
export function keptModelNote(
  kept: { keptEpoch: number; reportedTestRmse: number; validationRmse: number; refitEpochs?: number },
  epochsRun: number,
): string {
  const chosen = Number.isFinite(kept.validationRmse)
    ? `validation chose epoch ${kept.keptEpoch} (validation RMSE ${kept.validationRmse.toFixed(4)})`
    : kept.keptEpoch < epochsRun
      ? `keeping epoch ${kept.keptEpoch}`
      : '';
  const refit = kept.refitEpochs ? `, refit on all training ratings for ${kept.refitEpochs} epochs` : '';
  const test = Number.isFinite(kept.reportedTestRmse) ? `; test RMSE ${kept.reportedTestRmse.toFixed(4)}` : '';
  return chosen ? `; ${chosen}${refit}${test}` : test;
}
