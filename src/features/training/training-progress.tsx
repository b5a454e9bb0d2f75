import { useSyncExternalStore } from 'react';
import type { TrainingProgress } from '../../worker/api';

const UNIT_NAMES: Readonly<Record<TrainingProgress['unit'], string>> = {
  steps: 'steps',
  'half-sweeps': 'half-sweeps',
  users: 'users',
};

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k`;
  return perSecond.toFixed(0);
}

/** What a progress report says in words: "Epoch 3 of 30: 1,200 of 19,532 steps · 2.1 M
 * ratings/s · about 40 s left". */
export function describeTrainingProgress(progress: TrainingProgress): string {
  const parts = [
    `${progress.label}: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} ${UNIT_NAMES[progress.unit]}`,
  ];
  if (progress.ratingsPerSecond !== null) parts.push(`${formatRate(progress.ratingsPerSecond)} ratings/s`);
  if (progress.secondsLeft !== null && progress.done < progress.total) parts.push(`about ${formatDuration(progress.secondsLeft)} left`);
  return parts.join(' · ');
}

/** The bar inside a running epoch, sweep or evaluation (the chart only moves between epochs). */
export function TrainingProgressBar({ progress }: { readonly progress: TrainingProgress }) {
  return (
    <div className="training-progress">
      <label htmlFor="training-progress">{describeTrainingProgress(progress)}</label>
      <progress
        id="training-progress"
        data-testid="training-progress"
        data-phase={progress.phase}
        max={progress.total}
        value={progress.done}
      />
    </div>
  );
}

/**
 * The latest progress report, kept outside React state: reports come every 150 ms, and putting
 * them in the panel's state re-rendered the charts and tables each time (the tab's memory grew
 * ~45 MB over two demo trainings in the soak test). Only the bar subscribes.
 */
export class ProgressStore {
  private current: TrainingProgress | undefined;
  private readonly listeners = new Set<() => void>();

  readonly set = (progress: TrainingProgress | undefined): void => {
    this.current = progress;
    for (const listener of this.listeners) listener();
  };

  readonly get = (): TrainingProgress | undefined => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The bar for whatever the store holds (nothing when it holds nothing). */
export function LiveTrainingProgress({ store }: { readonly store: ProgressStore }) {
  const progress = useSyncExternalStore(store.subscribe, store.get);
  return progress ? <TrainingProgressBar progress={progress} /> : null;
}
