import { useEffect, useRef, useState } from 'react';
import type { RecommenderClient, TrainingHandlers } from '../../lib/recommender-client';
import type {
  BackendInfo,
  EngineName,
  EpochMetrics,
  Failure,
  LoadedDataset,
  ModelInfo,
  PicksReady,
  RankerInfo,
  RankerIterationMetrics,
  RankerStart,
  RankingEvaluation,
  TrainingConfig,
} from '../../worker/api';
import { curveOf, dataKeyOf, runFigures, type RunRecord } from '../../lib/runs';
import { settingsToHash } from '../../lib/settings-hash';
import type { Runs } from '../runs/use-runs';
import { ProgressStore } from './training-progress';

/**
 * One training run of the Train panel, from its start to its answer: it calls the worker through
 * the client, follows the run's reports (epochs, engine, the ranking model's sweeps, progress) in
 * React state, records the run in the runs table, hands the model over when it is ready, and stops
 * the worker's loop on Stop or when the panel goes away. The panel only lays it out.
 */

export type TrainingState = 'idle' | 'training' | 'done' | 'stopped' | 'error';

export interface Run {
  readonly datasetId: number;
  readonly state: TrainingState;
  readonly epochs: number;
  readonly config?: TrainingConfig;
  readonly history: readonly EpochMetrics[];
  readonly baselineTestRmse?: number;
  readonly split?: { train: number; test: number };
  readonly engine?: { name: EngineName; note?: string };
  readonly result?: { keptEpoch: number; bestEpoch: number; reportedTestRmse: number; validationRmse: number; refitEpochs?: number };
  readonly ranking?: RankingEvaluation;
  readonly ranker?: { readonly start: RankerStart; readonly history: readonly RankerIterationMetrics[] };
  readonly failure?: Failure;
}

export interface TrainingRunOptions {
  readonly client: RecommenderClient;
  readonly backend: BackendInfo | undefined;
  /** A run belongs to the dataset it was trained on. */
  readonly dataset: LoadedDataset | undefined;
  readonly runs: Runs;
  readonly onTrainingChange: (training: boolean) => void;
  readonly onModelReady: (model: ModelInfo, ranker: RankerInfo | undefined) => void;
  /** During a training: picks can be listed (the ranking model first, the rating model after). */
  readonly onPicksReady?: (picks: PicksReady) => void;
}

export function useTrainingRun({ client, backend, dataset, runs, onTrainingChange, onModelReady, onPicksReady }: TrainingRunOptions) {
  const [run, setRun] = useState<Run>();
  const abortRef = useRef<AbortController>(undefined);
  const [progressStore] = useState(() => new ProgressStore());
  const current = run && run.datasetId === dataset?.datasetId ? run : undefined;

  // Leaving the page part mid-training stops the worker's loop too.
  useEffect(() => () => abortRef.current?.abort(), []);

  /** Trains afresh with `config`, or (resume) goes on from the last saved epoch. */
  async function start(config: TrainingConfig, resume: boolean) {
    if (!dataset) return;
    const controller = new AbortController();
    abortRef.current = controller;
    // The link to this run: its settings and seed in the hash (no reload, no history entry).
    window.history.replaceState(null, '', `#${settingsToHash(config)}`);
    const started = performance.now();
    const runId = runs.nextId();
    const epochsSeen: EpochMetrics[] = [];
    let engineName: EngineName | undefined;
    const record = (state: RunRecord['state'], final: RunRecord['final'], history: readonly EpochMetrics[]) =>
      runs.record({
        id: runId,
        dataKey: dataKeyOf(dataset.summary),
        datasetName: dataset.summary.name,
        config,
        backend: backend?.backend ?? 'unknown',
        engine: engineName,
        startedAt: Date.now(),
        durationMs: performance.now() - started,
        state,
        curve: curveOf(history),
        final,
      });
    runs.setCurrentId(runId);
    // A resumed run keeps the epochs that were saved; the worker sends them back first.
    setRun((r) => ({
      datasetId: dataset.datasetId,
      state: 'training',
      epochs: config.epochs,
      config,
      history: resume ? (r?.history ?? []) : [],
      baselineTestRmse: resume ? r?.baselineTestRmse : undefined,
    }));
    onTrainingChange(true);
    try {
      const handlers: TrainingHandlers = {
        signal: controller.signal,
        onStart: (start) =>
          setRun((r) => r && { ...r, baselineTestRmse: start.baselineTestRmse, split: { train: start.trainCount, test: start.testCount } }),
        onEpoch: (metrics) => {
          epochsSeen.push(metrics);
          setRun((r) => r && { ...r, history: [...r.history, metrics] });
        },
        onEngine: (name, note) => {
          engineName = name;
          setRun((r) => r && { ...r, engine: { name, note } });
        },
        onRanker: (report) => {
          if (report.type === 'picks') {
            onPicksReady?.(report);
            return;
          }
          setRun((r) => {
            if (!r) return r;
            if (report.type === 'start') return { ...r, ranker: { start: report, history: [] } };
            return r.ranker ? { ...r, ranker: { ...r.ranker, history: [...r.ranker.history, report] } } : r;
          });
        },
        onProgress: progressStore.set,
      };
      const result = resume ? await client.resumeTraining(config, handlers) : await client.train(config, handlers);
      if (!result.ok) {
        setRun((r) => r && { ...r, state: 'error', failure: result });
        record('error', runFigures(epochsSeen, undefined, undefined), epochsSeen);
        return;
      }
      record(result.state, runFigures(result.history, result, result.ranking?.picks.ndcgAtK), result.history);
      setRun(
        (r) =>
          r && {
            ...r,
            history: result.history,
            state: result.state,
            result: {
              keptEpoch: result.keptEpoch,
              bestEpoch: result.bestEpoch,
              reportedTestRmse: result.reportedTestRmse,
              validationRmse: result.validationRmse,
              refitEpochs: result.refit?.epochs,
            },
            ranking: result.ranking,
          },
      );
      onModelReady(result.model, result.ranker);
    } catch (error) {
      // Not an answer but a broken call (e.g. the worker died).
      const message = error instanceof Error ? error.message : String(error);
      setRun((r) => r && { ...r, state: 'error', failure: { ok: false, code: 'training-failed', message } });
      record('error', runFigures(epochsSeen, undefined, undefined), epochsSeen);
    } finally {
      progressStore.set(undefined);
      onTrainingChange(false);
      abortRef.current = undefined;
    }
  }

  return { current, progressStore, start, stop: () => abortRef.current?.abort() };
}
