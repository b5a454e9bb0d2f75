import type { Failure } from './api';

export type JobKind = 'import' | 'training';

/** One import or one training in flight. Its id travels with its progress reports so the page
 * can drop reports of a job that has already answered. */
export class Job {
  private readonly controller = new AbortController();

  constructor(
    readonly id: number,
    readonly kind: JobKind,
  ) {}

  /** Aborted by Cancel (an import) or Stop (a training). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  cancel(): void {
    this.controller.abort();
  }
}

const BUSY_MESSAGES: Record<JobKind, Record<JobKind, string>> = {
  import: { import: 'Another import is running.', training: 'Stop training before loading new data.' },
  training: { import: 'Wait for the import to finish before training.', training: 'A training is already running.' },
};

/** What is in flight: at most one job, import or training, at a time. */
export class JobGuard {
  private current: Job | undefined;
  private lastId = 0;

  get running(): Job | undefined {
    return this.current;
  }

  /** The failure to answer when `kind` cannot start now; undefined when it can. */
  busyFailure(kind: JobKind): Failure | undefined {
    if (!this.current) return undefined;
    return { ok: false, code: 'busy', message: BUSY_MESSAGES[kind][this.current.kind] };
  }

  /** Runs `body` as the one job in flight, or answers 'busy' without running it. */
  async run<T>(kind: JobKind, body: (job: Job) => Promise<T>): Promise<T | Failure> {
    const busy = this.busyFailure(kind);
    if (busy) return busy;
    const job = new Job(++this.lastId, kind);
    this.current = job;
    try {
      return await body(job);
    } finally {
      this.current = undefined;
    }
  }

  /** Cancels the running job if it is of this kind; nothing otherwise. */
  cancel(kind: JobKind): void {
    if (this.current?.kind === kind) this.current.cancel();
  }
}
