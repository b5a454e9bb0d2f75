import { useEffect, useState } from 'react';
import type { RecommenderClient } from '../lib/recommender-client';
import type { MemoryInfo } from '../worker/api';

/** What the worker holds (live tfjs tensors, bytes, GPU bytes): to see that nothing leaks. */
export function DebugInfo({ client, refreshKey }: { readonly client: RecommenderClient; readonly refreshKey: unknown }) {
  const [memory, setMemory] = useState<MemoryInfo>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    void client.memory().then((info) => !cancelled && setMemory(info));
    return () => {
      cancelled = true;
    };
  }, [client, refreshKey, tick]);
  if (!memory) return null;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  return (
    <details className="debug-info">
      <summary>Debug info</summary>
      <p
        data-testid="debug-info"
        data-tensors={memory.numTensors}
        data-bytes={memory.numBytes}
        data-gpu-bytes={memory.numBytesInGpu ?? ''}
      >
        {memory.numTensors} live tensors, {mb(memory.numBytes)} MB in tensors
        {memory.numBytesInGpu !== undefined && <>, {mb(memory.numBytesInGpu)} MB on the GPU</>}.{' '}
        <button type="button" className="link-button" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
      </p>
    </details>
  );
}
