import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../api';
import { TrainingProgressReporter } from './training-progress';

describe('TrainingProgressReporter', () => {
  const piece = { phase: 'rating-model', label: 'Epoch 1 of 3', unit: 'steps', total: 100 } as const;

  it('sends at most one report per interval, always the completing one, with a rate and the time left', () => {
    let now = 0;
    const sent: TrainingProgress[] = [];
    const reporter = new TrainingProgressReporter(
      7,
      (p) => sent.push(p),
      () => now,
      150,
    );
    for (let done = 1; done <= 100; done++) {
      now = done * 10; // a step every 10 ms
      reporter.report({ ...piece, done, elapsedMs: now, ratingsDone: done * 1000 });
    }
    // 1 s of steps: the first, then one per 150 ms, and the last.
    expect(sent.length).toBeGreaterThanOrEqual(7);
    expect(sent.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < sent.length - 1; i++) expect(sent[i]!.done - sent[i - 1]!.done).toBeGreaterThanOrEqual(15);
    expect(sent.at(-1)).toMatchObject({ jobId: 7, done: 100, secondsLeft: 0 });
    const middle = sent.find((p) => p.done === 31)!;
    expect(middle.ratingsPerSecond).toBeCloseTo(100_000, 6); // 1,000 ratings per 10 ms
    expect(middle.secondsLeft).toBeCloseTo(0.69, 6); // 69 steps left at 10 ms
  });

  it('has no rate where ratings are not what runs, and no estimate before the first step', () => {
    const sent: TrainingProgress[] = [];
    const reporter = new TrainingProgressReporter(
      1,
      (p) => sent.push(p),
      () => 0,
    );
    reporter.report({ phase: 'ranking-evaluation', label: 'Ranking', unit: 'users', done: 0, total: 10, elapsedMs: 0 });
    expect(sent[0]).toMatchObject({ ratingsPerSecond: null, secondsLeft: null });
  });
});
