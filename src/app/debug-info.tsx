import { useState } from 'react';
import type { RecommenderClient } from '../lib/recommender-client';
import { useWorkerAnswer } from '../lib/use-worker-answer';

/** What the worker holds (live tfjs tensors, bytes, GPU bytes): to see that nothing leaks. */
export function DebugInfo({ client, refreshKey }: { readonly client: RecommenderClient; readonly refreshKey: string }) {
  const [refreshes, setRefreshes] = useState(0);
  const memory = useWorkerAnswer(`${refreshKey}:${refreshes}`, () => client.memory());
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  // <details> stays mounted while a new reading comes, so an opened panel stays open.
  return (
    <details className="debug-info">
      <summary>Debug info</summary>
      {memory ? (
        <p
          data-testid="debug-info"
          data-tensors={memory.numTensors}
          data-bytes={memory.numBytes}
          data-gpu-bytes={memory.numBytesInGpu ?? ''}
        >
          {memory.numTensors} live tensors, {mb(memory.numBytes)} MB in tensors
          {memory.numBytesInGpu !== undefined && <>, {mb(memory.numBytesInGpu)} MB on the GPU</>}.{' '}
          <button type="button" className="link-button" onClick={() => setRefreshes((n) => n + 1)}>
            Refresh
          </button>
        </p>
      ) : (
        <p className="hint">Reading memory…</p>
      )}
    </details>
  );
}
