import { describe, expect, it } from 'vitest';
import { generateDemoCsv } from '../../recsys/demo-data';
import { QUICK_TRAINING, testWorker, trainQuietly } from '../test-worker';

const options = { seed: 5, userCount: 60, movieCount: 120, meanRatingsPerUser: 30 };

async function trainedWorker() {
  const worker = await testWorker();
  const csv = generateDemoCsv(options);
  await worker.api.importFiles([new File([csv.moviesCsv], 'movies.csv'), new File([csv.ratingsCsv], 'ratings.csv')], () => undefined);
  const trained = await trainQuietly(worker.api);
  if (!trained.ok) throw new Error(trained.message);
  return { ...worker, csv };
}

describe('picks and insights', () => {
  it('lists unseen movies for a user, best first, and says when the user does not exist', async () => {
    const { api, csv } = await trainedWorker();
    const outcome = await api.topPicks(1, 10);
    if (!outcome.ok) throw new Error(outcome.message);
    const rated = new Set(
      csv.ratingsCsv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .filter(([user]) => user === '1')
        .map(([, movie]) => Number(movie)),
    );
    expect(outcome.picks).toHaveLength(10);
    expect(outcome.ratedCount).toBe(rated.size);
    expect(outcome.picks.some((p) => rated.has(p.movieId))).toBe(false);
    // Each pick says how many ratings its movie has, counted from the file.
    const ratingLines = csv.ratingsCsv.trim().split('\n').slice(1);
    for (const pick of outcome.picks) {
      expect(pick.ratingCount).toBe(ratingLines.filter((line) => line.split(',')[1] === String(pick.movieId)).length);
    }
    // Ordered by the ranking model's match (the default with a ranker), each with its predicted rating.
    expect(outcome.rankedBy).toBe('match');
    const match = outcome.picks.map((p) => p.match!);
    expect(match.every(Number.isFinite)).toBe(true);
    expect([...match].sort((a, b) => b - a)).toEqual(match);
    const byRating = await api.topPicks(1, 10, {}, 'rating');
    if (!byRating.ok) throw new Error(byRating.message);
    expect(byRating.rankedBy).toBe('rating');
    const predicted = byRating.picks.map((p) => p.predicted);
    expect([...predicted].sort((a, b) => b - a)).toEqual(predicted);
    expect(byRating.picks.map((p) => p.movieId)).not.toEqual(outcome.picks.map((p) => p.movieId));
    const missing = await api.topPicks(99_999, 10);
    expect(missing).toMatchObject({ ok: false, code: 'unknown-user', message: expect.stringContaining('no user 99999') });
  });

  it('folds the person’s ratings in, keeps them in storage and explains a pick by them', async () => {
    const { api, storage } = await trainedWorker();
    const popular = await api.personalPicks(5);
    expect(popular.basis).toBe('popular');
    const [first, second] = popular.picks;
    expect((await api.rateMovie(first!.movieId, 5, 5)).ok).toBe(true);
    const rated = await api.rateMovie(second!.movieId, 4.5, 5);
    if (!rated.ok) throw new Error(rated.message);
    expect(rated.basis).toBe('your-ratings');
    expect(rated.ratings.map((r) => r.rating)).toEqual([5, 4.5]);
    expect(rated.picks.some((p) => p.movieId === first!.movieId)).toBe(false);
    expect([...storage.ratings.values()][0]).toEqual([
      [first!.movieId, 5],
      [second!.movieId, 4.5],
    ]);
    expect(rated.rankedBy).toBe('match');
    const why = await api.explainPick(rated.picks[0]!.movieId, 'me');
    if (!why.ok) throw new Error(why.message);
    // In the ranking model's terms: the match is the pick's own (the same exact fold-in), split
    // over the rated movies it comes from.
    expect(why.match?.score).toBeCloseTo(rated.picks[0]!.match!, 4);
    const shares = why.match!.because.map((b) => b.share);
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.every((share) => share > 0)).toBe(true);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
    expect(why.because.map((b) => b.movieId).sort()).toEqual([first!.movieId, second!.movieId].sort());
    expect(why.parts.total).toBeCloseTo(why.parts.globalMean + why.parts.userBias + why.parts.movieBias + why.parts.tasteMatch, 5);

    const bad = await api.rateMovie(first!.movieId, 7, 5);
    expect(bad).toMatchObject({ ok: false, code: 'bad-input' });
    const removed = await api.rateMovie(first!.movieId, null, 5);
    expect(removed.ok && removed.ratings).toHaveLength(1);
  });

  it('asks about movies a screen at a time, keeps "Haven\'t seen" with the ratings and never asks one again', async () => {
    const { api, storage } = await trainedWorker();
    const first = await api.nextQuestions(10, []);
    if (!first.ok) throw new Error(first.message);
    // Nothing rated yet: the opening screen (well-known movies, most rated first), each with what the card shows.
    expect(first.basis).toBe('opening');
    expect(first.hasRanker).toBe(true);
    expect(first.questions).toHaveLength(10);
    const counts = first.questions.map((q) => q.ratingCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(first.questions.every((q) => q.title !== '' && q.genres.length > 0)).toBe(true);
    const [liked, skipped] = first.questions;
    const rated = await api.rateMovie(liked!.movieId, 4.5, 10);
    const marked = await api.markNotSeen(skipped!.movieId, true, 10);
    if (!rated.ok || !marked.ok) throw new Error('refused');
    expect(marked.notSeen).toEqual([{ movieId: skipped!.movieId, title: skipped!.title }]);
    // A skip is no rating: For you is the same list as after the rating alone.
    expect(marked.picks.map((p) => p.movieId)).toEqual(rated.picks.map((p) => p.movieId));
    expect(marked.picks.some((p) => p.movieId === liked!.movieId)).toBe(false);
    expect([...storage.ratings.values()][0]).toEqual([
      [liked!.movieId, 4.5],
      [skipped!.movieId, 0],
    ]);
    // The next screen follows the rating, and leaves out what was answered or shown.
    const next = await api.nextQuestions(
      10,
      first.questions.map((q) => q.movieId),
    );
    if (!next.ok) throw new Error(next.message);
    expect(next.basis).toBe('taste');
    const shown = new Set(first.questions.map((q) => q.movieId));
    expect(next.questions.some((q) => shown.has(q.movieId))).toBe(false);
    const again = await api.nextQuestions(10, []);
    expect(again.ok && again.questions.map((q) => q.movieId)).not.toContain(skipped!.movieId);
    expect(again.ok && again.questions.map((q) => q.movieId)).not.toContain(liked!.movieId);
    // Rating a skipped movie clears its mark; "Ask again" takes a mark back.
    const ratedSkipped = await api.rateMovie(skipped!.movieId, 2, 10);
    expect(ratedSkipped.ok && ratedSkipped.notSeen).toEqual([]);
    await api.markNotSeen(liked!.movieId, true, 10);
    const back = await api.markNotSeen(liked!.movieId, false, 10);
    expect(back.ok && back.notSeen).toEqual([]);
    expect(back.ok && back.ratings.map((r) => r.movieId)).toEqual([skipped!.movieId]);
    expect(await api.markNotSeen(987_654, true, 10)).toMatchObject({ ok: false, code: 'unknown-movie' });
  });

  it('brings the "Haven\'t seen" answers back with the ratings after a reload', async () => {
    const { api, storage, csv } = await trainedWorker();
    const first = await api.nextQuestions(10, []);
    if (!first.ok) throw new Error(first.message);
    await api.rateMovie(first.questions[0]!.movieId, 5, 10);
    await api.markNotSeen(first.questions[1]!.movieId, true, 10);
    const { api: reloaded } = await testWorker(storage);
    await reloaded.importFiles([new File([csv.moviesCsv], 'movies.csv'), new File([csv.ratingsCsv], 'ratings.csv')], () => undefined);
    const picks = await reloaded.personalPicks(10);
    expect(picks.ratings.map((r) => [r.movieId, r.rating])).toEqual([[first.questions[0]!.movieId, 5]]);
    expect(picks.notSeen.map((m) => m.movieId)).toEqual([first.questions[1]!.movieId]);
    // Without a ranking model the deck asks by popularity, and says so.
    const asked = await reloaded.nextQuestions(5, []);
    expect(asked).toMatchObject({ ok: true, basis: 'popularity', hasRanker: false });
    expect(asked.ok && asked.questions.map((q) => q.movieId)).not.toContain(first.questions[1]!.movieId);
  });

  it('finds similar movies and titles, and places movies and the person on the taste map', async () => {
    const { api } = await trainedWorker();
    const picks = await api.topPicks(1, 1);
    if (!picks.ok) throw new Error(picks.message);
    const movieId = picks.picks[0]!.movieId;
    const similar = await api.similarMovies(movieId, 5);
    if (!similar.ok) throw new Error(similar.message);
    expect(similar.similar).toHaveLength(5);
    expect(similar.similar.some((m) => m.movieId === movieId)).toBe(false);
    const similarities = similar.similar.map((m) => m.similarity);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);

    const title = picks.picks[0]!.title;
    const hits = await api.searchMovies(title, 3);
    expect(hits[0]?.movieId).toBe(movieId);

    const before = await api.tasteMap(50);
    expect(before.ok && before.points).toHaveLength(50);
    expect(before.ok && before.me).toBeUndefined();
    await api.rateMovie(movieId, 5, 5);
    const after = await api.tasteMap(50);
    expect(after.ok && after.me).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
    expect(await api.similarMovies(123_456, 5)).toMatchObject({ ok: false, code: 'unknown-movie' });
  });

  it('says what the MLP cannot do', async () => {
    const { api } = await testWorker();
    await api.importDemo();
    await trainQuietly(api, { ...QUICK_TRAINING, model: 'mlp', epochs: 1, hiddenLayers: [8], ranker: 'none' });
    expect((await api.topPicks(1, 5)).ok).toBe(true);
    expect(await api.similarMovies(1, 5)).toMatchObject({ ok: false, code: 'unsupported-model' });
    expect(await api.tasteMap(10)).toMatchObject({ ok: false, code: 'unsupported-model' });
    expect((await api.personalPicks(5)).basis).toBe('none');
    // With the ranking model, similar movies come from its factors, whatever the rating model.
    await trainQuietly(api, { ...QUICK_TRAINING, model: 'mlp', epochs: 1, hiddenLayers: [8] });
    expect(await api.similarMovies(1, 5)).toMatchObject({ ok: true, factors: 'ranking' });
  });
});
