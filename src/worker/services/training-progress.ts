import type { StepProgress } from '../../recsys/train';
import type { TrainingProgress } from '../api';

/** The page hears at most one progress report per this many ms (each one is a message and a
 * React render); within the 100–250 ms a bar needs to look alive. */
export const TRAINING_PROGRESS_INTERVAL_MS = 150;

export type ProgressPiece = Omit<TrainingProgress, 'jobId' | 'ratingsPerSecond' | 'secondsLeft'> & {
  /** Since the piece (epoch, phase of sweeps, evaluation) began. */
  readonly elapsedMs: number;
  /** Training ratings the done part covered, where ratings are what runs. */
  readonly ratingsDone?: number;
};

/** Turns the engines' frequent "n of total done" into throttled reports with a rate and an
 * estimate of the time left. A piece's last report (done = total) always goes. */
export class TrainingProgressReporter {
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly jobId: number,
    private readonly send: (progress: TrainingProgress) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = TRAINING_PROGRESS_INTERVAL_MS,
  ) {}

  report({ elapsedMs, ratingsDone, ...piece }: ProgressPiece): void {
    const now = this.now();
    const complete = piece.done >= piece.total;
    if (!complete && now - this.lastSent < this.intervalMs) return;
    this.lastSent = now;
    const seconds = elapsedMs / 1000;
    const pace = piece.done > 0 && seconds > 0 ? seconds / piece.done : undefined;
    this.send({
      jobId: this.jobId,
      ...piece,
      ratingsPerSecond: ratingsDone !== undefined && seconds > 0 ? ratingsDone / seconds : null,
      secondsLeft: pace === undefined ? null : pace * Math.max(piece.total - piece.done, 0),
    });
  }
}

/** The rating model's steps within one epoch (of the first fit or of the refit) as a piece. */
export function ratingModelSteps(label: string, step: StepProgress): ProgressPiece {
  return {
    phase: 'rating-model',
    label,
    done: step.stepsDone,
    total: step.totalSteps,
    unit: 'steps',
    ratingsDone: step.ratingsDone,
    elapsedMs: step.elapsedMs,
  };
}
