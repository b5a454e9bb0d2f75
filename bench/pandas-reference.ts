/**
 * The import bench's outside reference: pandas.read_csv on the same ratings file, in a Python
 * subprocess, with MovieLens's column types (the ones the app keeps: int32 ids, float32 ratings,
 * uint32 timestamps). Optional: without a Python that has pandas the bench says so and goes on.
 */
import { spawnSync } from 'node:child_process';

/** Where pandas is looked for without --python: the PATH's python3, then the bench venv that
 * the docs/benchmarks.md's "Import" section sets up. */
export const PYTHON_CANDIDATES = ['python3', '/work/venv-bench/bin/python'] as const;

export interface PandasRun {
  readonly seconds: number;
  readonly rows: number;
  /** ru_maxrss of the Python process (MB = 2^20 bytes). */
  readonly peakMemoryMB: number;
}

const READ_CSV = `
import resource, sys, time
import pandas as pd
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1], dtype={"userId": "int32", "movieId": "int32", "rating": "float32", "timestamp": "uint32"})
seconds = time.perf_counter() - started
print(seconds, len(frame), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
`;

function hasPandas(python: string): boolean {
  const probe = spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore', timeout: 60_000 });
  return probe.status === 0;
}

/** The first of `candidates` that imports pandas, or undefined. */
export function findPandasPython(candidates: readonly string[]): string | undefined {
  return candidates.find(hasPandas);
}

/** One pandas.read_csv of `ratingsFile` in a fresh Python process. */
export function readCsvWithPandas(python: string, ratingsFile: string): PandasRun {
  const child = spawnSync(python, ['-c', READ_CSV, ratingsFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) {
    throw new Error(`pandas.read_csv failed (${python}, exit ${child.status ?? child.signal}): ${child.stderr.trim().slice(-500)}`);
  }
  const [seconds, rows, peakMemoryMB] = child.stdout.trim().split(/\s+/).map(Number);
  if (![seconds, rows, peakMemoryMB].every((v) => v !== undefined && Number.isFinite(v))) {
    throw new Error(`pandas.read_csv printed "${child.stdout.trim()}", not its time, rows and memory`);
  }
  return { seconds: seconds!, rows: rows!, peakMemoryMB: peakMemoryMB! };
}
