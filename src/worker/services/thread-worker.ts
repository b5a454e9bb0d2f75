import * as Comlink from 'comlink';

/**
 * A helper thread of the CPU engines (solver or sampler worker) behind Comlink. A worker that
 * fails (its code did not load, it ran out of memory) answers nothing, so every call is raced
 * with `failed`: the training fails with the reason instead of waiting forever.
 */
export function startThreadWorker<Api>(worker: Worker, label: string) {
  const remote = Comlink.wrap<Api>(worker);
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (event) =>
      reject(new Error(`${label} failed: ${event instanceof ErrorEvent && event.message ? event.message : 'it did not start'}`)),
    ),
  );
  failed.catch(() => undefined);
  return {
    remote,
    /** `call`, or the worker's failure, whichever comes first. */
    guard: <T>(call: Promise<T>): Promise<T> => Promise.race([call, failed]),
    close: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
