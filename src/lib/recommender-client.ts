import * as Comlink from 'comlink';
import type {
  EngineName,
  EpochMetrics,
  ExternalModelOutcome,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  RankerReport,
  RecommenderWorkerApi,
  SplitSettings,
  TrainingConfig,
  TrainingOutcome,
  TrainingProgress,
  TrainingStart,
} from '../worker/api';

/** Callbacks of a training call; aborting `signal` stops it after the current step. */
export interface TrainingHandlers {
  readonly onStart: (start: TrainingStart) => void;
  readonly onEpoch: (metrics: EpochMetrics) => void;
  readonly onEngine?: (engine: EngineName, note: string | undefined) => void;
  /** The ranking model's start and sweeps, after the rating model's epochs. */
  readonly onRanker?: (report: RankerReport) => void;
  /** Inside each epoch, sweep and the ranking evaluation (at most every ~150 ms). */
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal: AbortSignal;
}

/** Calls that take callbacks or a signal: the bridge wraps these; every other call is the
 * worker's own, through Comlink. */
type WrappedCalls = 'importFiles' | 'importGivenSplit' | 'importExternalModel' | 'train' | 'resumeTraining';

/**
 * Comlink.Remote of the worker API with each answer's type kept whole: Comlink's own types turn
 * `Promise<A | B>` into `Promise<A> | Promise<B>`, which no `.then` accepts.
 */
type WorkerCalls = {
  readonly [K in keyof RecommenderWorkerApi]: (
    ...args: Parameters<Comlink.Remote<RecommenderWorkerApi>[K]>
  ) => Promise<Awaited<ReturnType<RecommenderWorkerApi[K]>>>;
};

/**
 * The UI's single bridge to the recommender worker: `Comlink.Remote` of the worker API (only its
 * types are imported), plus wrappers for calls with callbacks. A wrapped call's callbacks never
 * fire after its answer: reports travel on their own message ports and may arrive after it.
 */
export interface RecommenderClient extends Omit<WorkerCalls, WrappedCalls> {
  importFiles(files: readonly File[], onProgress: (progress: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
  importGivenSplit(
    trainFiles: readonly File[],
    testFiles: readonly File[],
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  importExternalModel(
    files: readonly File[],
    split: SplitSettings,
    onProgress: (progress: ImportProgress) => void,
    paths?: readonly string[],
  ): Promise<ExternalModelOutcome>;
  train(config: TrainingConfig, handlers: TrainingHandlers): Promise<TrainingOutcome>;
  /** Like train, from the last saved epoch (after an error). */
  resumeTraining(config: TrainingConfig, handlers: TrainingHandlers): Promise<TrainingOutcome>;
  terminate(): void;
}

/**
 * Callbacks for the worker that go quiet once the call they belong to has answered: a late
 * report (of a job that has answered) would otherwise put the page back into its busy state.
 */
class AnswerGate {
  private answered = false;

  /** `listener` as a Comlink proxy that is dropped after the answer. */
  wrap<Args extends unknown[]>(listener: (...args: Args) => void): ((...args: Args) => void) & Comlink.ProxyMarked {
    return Comlink.proxy((...args: Args) => {
      if (!this.answered) listener(...args);
    });
  }

  /** The call's answer; from then on the wrapped listeners are quiet. */
  async settle<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } finally {
      this.answered = true;
    }
  }
}

/** Wraps a Comlink endpoint (the worker; a MessagePort in tests) as the client. */
export function wrapRecommender(
  endpoint: Comlink.Remote<RecommenderWorkerApi>,
  terminate: () => void = () => undefined,
): RecommenderClient {
  const remote = endpoint as unknown as WorkerCalls;
  async function trainWith(
    start: 'train' | 'resumeTraining',
    config: TrainingConfig,
    handlers: TrainingHandlers,
  ): Promise<TrainingOutcome> {
    const { onStart, onEpoch, onEngine = () => undefined, onRanker = () => undefined, onProgress = () => undefined, signal } = handlers;
    const stop = () => void remote.stopTraining();
    const gate = new AnswerGate();
    signal.addEventListener('abort', stop);
    try {
      return await gate.settle(
        remote[start](config, gate.wrap(onStart), gate.wrap(onEpoch), gate.wrap(onEngine), gate.wrap(onRanker), gate.wrap(onProgress)),
      );
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
  const wrappers: Pick<RecommenderClient, WrappedCalls | 'terminate'> = {
    importFiles(files, onProgress, options) {
      const gate = new AnswerGate();
      return gate.settle(remote.importFiles(files, gate.wrap(onProgress), options));
    },
    importGivenSplit(trainFiles, testFiles, onProgress) {
      const gate = new AnswerGate();
      return gate.settle(remote.importGivenSplit(trainFiles, testFiles, gate.wrap(onProgress)));
    },
    importExternalModel(files, split, onProgress, paths) {
      const gate = new AnswerGate();
      return gate.settle(remote.importExternalModel(files, split, gate.wrap(onProgress), paths));
    },
    train: (config, handlers) => trainWith('train', config, handlers),
    resumeTraining: (config, handlers) => trainWith('resumeTraining', config, handlers),
    terminate() {
      endpoint[Comlink.releaseProxy]();
      terminate();
    },
  };
  // Every other property is the Comlink remote's own call.
  return new Proxy(endpoint, {
    get: (target, property, receiver) =>
      Object.hasOwn(wrappers, property) ? wrappers[property as keyof typeof wrappers] : Reflect.get(target, property, receiver),
  }) as unknown as RecommenderClient;
}

export function createRecommenderClient(): RecommenderClient {
  const worker = new Worker(new URL('../worker/recommender.worker.ts', import.meta.url), { type: 'module', name: 'recommender' });
  return wrapRecommender(Comlink.wrap<RecommenderWorkerApi>(worker), () => worker.terminate());
}
