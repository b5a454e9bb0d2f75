import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeModelFile } from '../../recsys/model-file';
import { decodeRankerFile } from '../../recsys/ranker-file';
import { QUICK_TRAINING, recordingCallbacks, smallMovieLensFiles, testWorker, trainQuietly } from '../test-worker';
import { trainingFailure } from './training-service';

describe('training service', () => {
  it('trains on the loaded data, reports each epoch with its job id, checkpoints every epoch and leaves no tensor behind', async () => {
    const { api, storage } = await testWorker();
    expect((await api.importFiles(smallMovieLensFiles(), () => undefined)).ok).toBe(true);
    const before = tf.memory().numTensors;
    const callbacks = recordingCallbacks();
    const outcome = await api.train(
      QUICK_TRAINING,
      callbacks.onStart,
      callbacks.onEpoch,
      callbacks.onEngine,
      callbacks.onRanker,
      callbacks.onProgress,
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.state).toBe('done');
    expect(outcome.engine).toBe('tfjs-autodiff');
    expect(callbacks.engines).toEqual(['tfjs-autodiff']);
    expect(callbacks.epochs.map((m) => m.epoch)).toEqual([1, 2]);
    const [start] = callbacks.starts;
    expect(start && callbacks.epochs.every((m) => m.jobId === start.jobId)).toBe(true);
    expect(start!.baselineTestRmse).toBeGreaterThan(0.5);
    expect(outcome.model).toMatchObject({ kind: 'biased-mf', epochs: 2, source: 'trained' });
    expect(outcome.ranking?.popularity.users).toBeGreaterThan(0);
    // The ranking model comes first in the same job: a start with popularity's validation line,
    // its sweeps (validation with a metric, then the refit on every training rating), picks
    // listed with the bias baseline standing in, and only then the rating model's epochs.
    expect(callbacks.sequence.indexOf('epoch')).toBeGreaterThan(callbacks.sequence.lastIndexOf('ranker:iteration'));
    const listed = callbacks.rankerReports.filter((r) => r.type === 'picks');
    expect(listed.at(-1)).toMatchObject({ phase: 'ranker', model: { provisional: true, epochs: 0 }, ranker: { kind: 'ials' } });
    expect(callbacks.sequence.indexOf('epoch')).toBeGreaterThan(callbacks.sequence.lastIndexOf('ranker:picks'));
    expect(outcome.model.provisional).toBeUndefined();
    expect(outcome.firstPicks?.seconds).toBeGreaterThan(0);
    const [rankerStart, ...sweeps] = callbacks.rankerReports;
    expect(rankerStart).toMatchObject({ type: 'start', jobId: start!.jobId, engine: 'cpu-ials', iterations: 4 });
    expect(rankerStart?.type === 'start' && rankerStart.popularity.users).toBeGreaterThan(0);
    const validated = sweeps.filter((r) => r.type === 'iteration' && r.phase === 'validation');
    expect(validated.length).toBeGreaterThanOrEqual(1);
    expect(validated.every((r) => r.type === 'iteration' && r.validation!.ndcgAtK >= 0 && r.jobId === start!.jobId)).toBe(true);
    expect(outcome.ranker).toMatchObject({ kind: 'ials', factors: 8, source: 'trained' });
    expect(outcome.ranker!.iterations).toBeGreaterThanOrEqual(1);
    expect(outcome.rankerEngine).toBe('cpu-ials');
    expect(outcome.ranking?.picks.rankedBy).toBe('match');
    expect(outcome.ranking?.ranker?.users).toBe(outcome.ranking?.popularity.users);
    // The stored model files are the final ones: the rating model and the ranking model.
    const stored = [...storage.models].find(([key]) => key.endsWith('#rating'))?.[1];
    expect(stored && decodeModelFile(stored).header.epochs).toBe(2);
    const storedRanker = [...storage.models].find(([key]) => key.endsWith('#ranking'))?.[1];
    expect(storedRanker && decodeRankerFile(storedRanker).header.iterations).toBe(outcome.ranker!.iterations);
    expect(tf.memory().numTensors).toBe(before);
    // Progress inside the pieces, with this job's id: each epoch's steps end at its total, the
    // ranking model counts half-sweeps, the evaluation users; each piece ends complete.
    expect(callbacks.progress.every((p) => p.jobId === start!.jobId && p.done <= p.total)).toBe(true);
    const epochEnds = callbacks.progress.filter((p) => p.phase === 'rating-model' && p.done === p.total);
    expect(epochEnds.map((p) => p.label)).toEqual(['Epoch 1 of 2', 'Epoch 2 of 2']);
    expect(epochEnds.every((p) => p.unit === 'steps' && p.ratingsPerSecond! > 0 && p.secondsLeft === 0)).toBe(true);
    const sweepEnds = callbacks.progress.filter((p) => p.phase === 'ranking-model' && p.done === p.total);
    expect(sweepEnds.length).toBe(2); // validation, then the refit
    expect(sweepEnds[0]).toMatchObject({ unit: 'half-sweeps', total: 8 });
    const evaluation = callbacks.progress.filter((p) => p.phase === 'ranking-evaluation');
    expect(evaluation.at(-1)).toMatchObject({
      unit: 'users',
      done: outcome.ranking!.popularity.users,
      total: outcome.ranking!.popularity.users,
    });

    // A second training replaces the model: a new id, the same tensor count.
    const again = await trainQuietly(api);
    expect(again.ok && again.model.modelId).not.toBe(outcome.model.modelId);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after the current step when asked and keeps the model', async () => {
    const { api } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    const outcome = await api.train(
      { ...QUICK_TRAINING, epochs: 50 },
      () => undefined,
      (metrics) => metrics.epoch === 1 && api.stopTraining(),
      () => undefined,
      () => undefined,
      () => undefined,
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.state).toBe('stopped');
    expect(outcome.history.length).toBeLessThan(50);
    expect((await api.topPicks(1, 5)).ok).toBe(true);
    // The ranking model trained first and is kept; the rating model is the stopped one, stars and all.
    expect(outcome.ranker).toMatchObject({ kind: 'ials' });
    expect(outcome.model.provisional).toBeUndefined();
    expect(outcome.model.epochs).toBe(outcome.history.length);
    const picks = await api.topPicks(1, 5);
    expect(picks.ok && picks.rankedBy).toBe('match');
  });

  it('stops the ranking model after its current sweep and keeps what it has', async () => {
    const { api } = await testWorker();
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    const outcome = await api.train(
      { ...QUICK_TRAINING, rankerSettings: { factors: 8, iterations: 40 } },
      () => undefined,
      () => undefined,
      () => undefined,
      (report) => report.type === 'iteration' && report.iteration === 2 && api.stopTraining(),
      () => undefined,
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.state).toBe('stopped');
    expect(outcome.ranker?.iterations).toBe(2);
    // Stopped before the rating model started: the bias baseline stands in for it, said so.
    expect(outcome.history).toEqual([]);
    expect(outcome.model).toMatchObject({ provisional: true, epochs: 0 });
    const picks = await api.topPicks(1, 5);
    expect(picks.ok && picks.rankedBy).toBe('match');
    expect(picks.ok && picks.picks.every((p) => p.predicted >= 0.5 && p.predicted <= 5 && p.match !== undefined)).toBe(true);
    // For you works from the first picks on: a rating is folded into the ranking model.
    const rated = await api.rateMovie(picks.ok ? picks.picks[0]!.movieId : 0, 5, 5);
    expect(rated.ok && rated.basis).toBe('your-ratings');
    expect(rated.ok && rated.rankedBy).toBe('match');
    // The taste map needs taste vectors the baseline does not have: it says when it comes.
    const map = await api.tasteMap(50);
    expect(!map.ok && map.message).toMatch(/when the rating model has trained/);
  });

  it('answers failures as codes: no data, busy, nothing to resume', async () => {
    const { api } = await testWorker();
    const noData = await trainQuietly(api);
    expect(noData.ok === false && noData.code).toBe('no-data');
    await api.importFiles(smallMovieLensFiles(), () => undefined);
    const running = trainQuietly(api);
    const second = await trainQuietly(api);
    expect(second.ok === false && second.code).toBe('busy');
    const importing = await api.importDemo();
    expect(importing.ok === false && importing.message).toBe('Stop training before loading new data.');
    expect((await running).ok).toBe(true);
    await api.importFiles(smallMovieLensFiles({ seed: 9, userCount: 30, movieCount: 50, meanRatingsPerUser: 20 }), () => undefined);
    const resume = await api.resumeTraining(
      QUICK_TRAINING,
      () => undefined,
      () => undefined,
      () => undefined,
      () => undefined,
      () => undefined,
    );
    expect(resume.ok === false && resume.code).toBe('nothing-to-resume');
  });

  it('classifies failures: a lost GPU and out of memory say what can be resumed', () => {
    expect(trainingFailure(new Error('x'), 'the device was destroyed', 3)).toMatchObject({
      code: 'gpu-lost',
      resumableEpoch: 3,
      message: expect.stringContaining('Epoch 3 was saved: you can resume from it.'),
    });
    expect(trainingFailure(new Error('Failed to allocate: OutOfMemory'), undefined, 0)).toMatchObject({
      code: 'out-of-memory',
      resumableEpoch: 0,
      message: expect.stringContaining('nothing to resume'),
    });
    expect(trainingFailure('odd', undefined, 1).code).toBe('training-failed');
  });
});
