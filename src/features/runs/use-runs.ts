import { useState } from 'react';
import { loadRuns, MAX_OVERLAYS, saveRuns, settingsDifference, type RunRecord } from '../../lib/runs';
import type { TrainingConfig } from '../../worker/api';
import type { RunOverlay } from '../training/rmse-chart';

export interface Runs {
  /** The runs trained on this data (runs compare only on the same data). */
  readonly here: readonly RunRecord[];
  /** The id the next run gets. */
  readonly nextId: () => number;
  /** Keeps a finished run, in this tab and in storage. */
  readonly record: (run: RunRecord) => void;
  /** The run training now or last, when it belongs to this data. */
  readonly currentId: number | undefined;
  readonly setCurrentId: (id: number) => void;
  readonly overlayIds: readonly number[];
  /** Ticks or unticks a run's curves on the chart; beyond MAX_OVERLAYS the oldest tick goes. */
  readonly toggleOverlay: (id: number) => void;
  readonly clear: () => void;
  /** The ticked runs' curves, each labelled with how its settings differ from `comparedTo`. */
  readonly overlays: (comparedTo: TrainingConfig, currentShown: boolean) => RunOverlay[];
}

/** The session's runs (see lib/runs.ts): what the runs table lists and the chart overlays. */
export function useRuns(dataKey: string | undefined): Runs {
  const [runs, setRuns] = useState<RunRecord[]>(loadRuns);
  const [overlayIds, setOverlayIds] = useState<number[]>([]);
  const [currentId, setCurrentId] = useState<number>();
  const here = runs.filter((r) => r.dataKey === dataKey);
  return {
    here,
    nextId: () => (runs.at(-1)?.id ?? 0) + 1,
    record: (run) =>
      setRuns((all) => {
        const next = [...all, run];
        saveRuns(next);
        return next;
      }),
    currentId,
    setCurrentId,
    overlayIds,
    toggleOverlay: (id) => setOverlayIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-MAX_OVERLAYS))),
    clear: () => {
      setRuns([]);
      setOverlayIds([]);
      saveRuns([]);
    },
    overlays: (comparedTo, currentShown) =>
      here
        .filter((r) => overlayIds.includes(r.id) && !(currentShown && r.id === currentId))
        .map((r) => ({ id: r.id, label: settingsDifference(r.config, comparedTo), curve: r.curve })),
  };
}
