import type { ComputeBackend } from '../backend';
import type { JobGuard } from '../job';
import type { Session } from '../session';
import type { RecommenderStorage } from '../storage/storage';

/** What every service works on: the state, what is in flight, storage and the backend. The
 * services themselves hold nothing. */
export interface WorkerContext {
  readonly session: Session;
  readonly jobs: JobGuard;
  readonly storage: RecommenderStorage;
  readonly backend: Pick<ComputeBackend, 'ready' | 'gpuDevice' | 'gpuLostReason' | 'recoverWebGpu'>;
}
