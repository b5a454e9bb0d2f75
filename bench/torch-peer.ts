/**
 * The rating model's peer for `npm run bench`: bench/peers/torch_mf.py (PyTorch biased MF, Adam,
 * the same k, batch, learning rate, λ and seed) run on the same ratings file in the same session,
 * so the epoch-time ratio is measured on one machine at one time (machines of one kind differ
 * 2–3×). Optional: without a Python that has torch the bench says so and goes on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TrainingConfig } from '../src/recsys/training-config';
import { median, REPO_ROOT, round } from './harness';

const PEER_SCRIPT = resolve(REPO_ROOT, 'bench/peers/torch_mf.py');
/** Debian's python3-torch installs into the system Python; a venv's or pyenv's may have it too. */
const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];

export interface TorchPeerReport {
  readonly peer: string;
  readonly torch: string;
  readonly threads: number;
  readonly epochs: number;
  readonly steps: number;
  /** Median over the peer's epochs: optimisation steps only, and with the train/test RMSE. */
  readonly trainMsPerEpoch: number;
  readonly msPerEpoch: number;
  readonly lastTestRmse: number;
}

interface PeerOutput {
  readonly peer: string;
  readonly torch: string;
  readonly threads: number;
  readonly steps: number;
  readonly trainMsPerEpoch: number[];
  readonly msPerEpoch: number[];
  readonly testRmse: number[];
}

/** The first Python that imports torch, or why there is none. */
export function findTorchPython(explicit?: string): { python: string } | { missing: string } {
  for (const python of explicit ? [explicit] : PYTHON_CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status === 0) return { python };
  }
  return { missing: `no Python with torch (tried ${explicit ?? PYTHON_CANDIDATES.join(', ')}; apt-get install python3-torch)` };
}

/** Runs the peer on `ratingsFile` with the app's settings for `epochs` epochs. */
export function runTorchPeer(python: string, ratingsFile: string, config: TrainingConfig, epochs: number): TorchPeerReport {
  const args = [
    PEER_SCRIPT,
    '--ratings',
    ratingsFile,
    '--factors',
    String(config.factors),
    '--batch-size',
    String(config.batchSize),
    '--epochs',
    String(epochs),
    '--lr',
    String(config.learningRate),
    '--reg',
    String(config.regularization),
    '--seed',
    String(config.seed),
  ];
  const output = execFileSync(python, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  const lines = output.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1]!) as PeerOutput;
  return {
    peer: report.peer,
    torch: report.torch,
    threads: report.threads,
    epochs: report.msPerEpoch.length,
    steps: report.steps,
    trainMsPerEpoch: round(median(report.trainMsPerEpoch) ?? Number.NaN, 1),
    msPerEpoch: round(median(report.msPerEpoch) ?? Number.NaN, 1),
    lastTestRmse: report.testRmse[report.testRmse.length - 1] ?? Number.NaN,
  };
}
