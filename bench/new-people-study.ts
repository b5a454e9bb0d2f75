/**
 * Scratch study of question orders for new people (issue 27). Not part of the bench.
 *   npx tsx bench/new-people-study.ts [--data DIR] [--variants a,b]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildDataset } from '../src/recsys/import/build-dataset';
import type { Dataset } from '../src/recsys/dataset';
import { trainRanker } from '../src/recsys/train-ranker';
import { DEFAULT_IALS_CONFIG, gramMatrix, ialsScores, rowRegularization, rowSystem, confidence, type IalsModel } from '../src/recsys/models/ials';
import { splitNewPeople, answersTo, scoreNewPeople, type NewPerson, type Rated } from '../src/recsys/new-people';
import { popularityOrder, logPopularityEntropy, orderBy, typedTitles } from '../src/recsys/question-orders';
import { popularityScores } from '../src/recsys/ranking-metrics';
import { minimumRatingsFor } from '../src/recsys/personal';
import { solveSymmetricPositiveDefinite, choleskyLower, solveLower } from '../src/recsys/linear-algebra';

const args = process.argv.slice(2);
const option = (name: string) => (args.indexOf(`--${name}`) >= 0 ? args[args.indexOf(`--${name}`) + 1] : undefined);
const dataDir = option('data') ?? '/work/shared/data/ml-latest-small/';
const read = (name: string) => ({ name, text: readFileSync(dataDir + name, 'utf8') });
const { dataset } = buildDataset([read('movies.csv'), read('ratings.csv')] as never, 'x') as unknown as { dataset: Dataset };
const shape = { userCount: dataset.users.size, movieCount: dataset.movies.size };
const peopleSeed = Number(option('seed') ?? 0);
const split = splitNewPeople(dataset.ratings, shape.userCount, 0.2, peopleSeed);
const config = DEFAULT_IALS_CONFIG;
const cache = `/tmp/np-model-${dataDir.replace(/\W/g, '')}-${peopleSeed}.bin`;
let model: IalsModel;
if (existsSync(cache)) {
  const buf = readFileSync(cache);
  const f = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const k = config.factors;
  model = {
    ...shape,
    factors: k,
    meanRating: f[0]!,
    userFactors: f.slice(1, 1 + shape.userCount * k),
    movieFactors: f.slice(1 + shape.userCount * k),
  };
} else {
  const t = performance.now();
  model = (await trainRanker(split.train, shape, config, undefined)).model;
  console.error('trained', ((performance.now() - t) / 1000).toFixed(1), 's');
  const all = new Float32Array(1 + model.userFactors.length + model.movieFactors.length);
  all[0] = model.meanRating;
  all.set(model.userFactors, 1);
  all.set(model.movieFactors, 1 + model.userFactors.length);
  writeFileSync(cache, all);
}
const k = model.factors;
const M = shape.movieCount;
const gram = gramMatrix(model.movieFactors, M, k);
const counts = popularityScores(split.train, M);
const minimum = minimumRatingsFor(counts);
const eligible = (i: number) => counts[i]! >= minimum;
const people = split.people;
const meanTaste = new Float64Array(k);
{
  let n = 0;
  for (let u = 0; u < shape.userCount; u++) {
    let nonzero = false;
    for (let f = 0; f < k; f++) if (model.userFactors[u * k + f] !== 0) nonzero = true;
    if (!nonzero) continue;
    n++;
    for (let f = 0; f < k; f++) meanTaste[f]! += model.userFactors[u * k + f]!;
  }
  for (let f = 0; f < k; f++) meanTaste[f]! /= n;
}
const meanScores = ialsScores(model, Float32Array.from(meanTaste));
const popOrder = popularityOrder(counts);
const lpeOrder = orderBy(logPopularityEntropy(split.train, M));

interface FoldOptions {
  prior: number; // weight of the mean-taste pseudo-observation (0: zero prior)
  alphaScale?: number;
  weightOf?: (rating: number) => number;
  ridgeScale?: number;
}
function foldIn(answers: readonly Rated[], o: FoldOptions, skips: readonly number[] = [], skipWeight = 0): { p: Float64Array; a: Float64Array } {
  const entries = answers.map(({ movie, rating }) => ({ column: movie, weight: o.weightOf ? o.weightOf(rating) : confidence(rating, model.meanRating) }));
  const ridge = rowRegularization(config, answers.length, M) * (o.ridgeScale ?? 1);
  const { a, b } = rowSystem(gram, model.movieFactors, k, entries, ridge, config.unobservedWeight * (o.alphaScale ?? 1));
  for (const m of skips) {
    for (let x = 0; x < k; x++) for (let y = 0; y < k; y++) a[x * k + y]! += skipWeight * model.movieFactors[m * k + x]! * model.movieFactors[m * k + y]!;
  }
  if (o.prior > 0) {
    // b += prior * A0 p̄, A0 = α0 G + ridge0 I
    const ridge0 = rowRegularization(config, 0, M);
    for (let x = 0; x < k; x++) {
      let s = ridge0 * meanTaste[x]!;
      for (let y = 0; y < k; y++) s += config.unobservedWeight * gram[x * k + y]! * meanTaste[y]!;
      b[x]! += o.prior * s;
    }
  }
  const p = solveSymmetricPositiveDefinite(Float64Array.from(a), b, k);
  return { p, a };
}
function scoresOf(p: ArrayLike<number>): Float32Array {
  return ialsScores(model, p);
}

interface Variant {
  name: string;
  screen?: number | ((shown: number) => number);
  /** next `count` questions given answers so far and shown so far */
  next: (person: NewPerson, answers: Rated[], shown: number[], count: number) => number[];
  forYou: (answers: readonly Rated[]) => ArrayLike<number>;
}
const SHOWN = [0, 5, 10, 20, 40];
const zeroFold: FoldOptions = { prior: 0 };
function forYouWith(o: FoldOptions, zeroAnswers: ArrayLike<number> = counts) {
  return (answers: readonly Rated[]) => (answers.length === 0 ? zeroAnswers : scoresOf(foldIn(answers, o).p));
}
function fixed(name: string, order: (person: NewPerson) => ArrayLike<number>, fy = forYouWith(zeroFold)): Variant {
  return {
    name,
    next: (person, _a, shown, count) => Array.from(order(person)).slice(shown.length, shown.length + count),
    forYou: fy,
  };
}

function top(scores: ArrayLike<number>, count: number, skip: Set<number>, ok: (i: number) => boolean): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!skip.has(i) && ok(i)) idx.push(i);
  idx.sort((x, y) => (scores[y] as number) - (scores[x] as number) || x - y);
  return idx.slice(0, count);
}

interface AdaptiveOptions {
  fold: FoldOptions;
  beta: number; // uncertainty bonus
  diverse: number; // weight of hypothetical answer in greedy screen (0: none)
  firstScreen: 'popularity' | 'mean';
  pool: number;
  askable: (i: number) => boolean;
  /** question score = fold-in score + gamma * mean-taste score */
  gamma?: number;
  /** first screen: popular movies spread apart: value = pop × (1 − spread × max cos) */
  spread?: number;
  /** first screen: pop × u^infoPower over the pool of top-100 popular */
  infoPower?: number;
  /** weight of a skipped movie as an observed zero in the questions' fold-in */
  skipWeight?: number;
}
function adaptive(name: string, o: AdaptiveOptions, fy = forYouWith(o.fold), screen?: Variant['screen']): Variant {
  return {
    name,
    ...(screen !== undefined && { screen }),
    forYou: fy,
    next(_person, answers, shown, count) {
      const skip = new Set(shown);
      let s: ArrayLike<number>;
      let a: Float64Array;
      if (answers.length === 0 && o.infoPower) {
        const pool = top(counts, 100, skip, o.askable);
        const l = choleskyLower(foldIn([], o.fold).a, k);
        const value = new Float64Array(M).fill(-Infinity);
        for (const i of pool) {
          const v = solveLower(l, model.movieFactors.subarray(i * k, (i + 1) * k), k);
          const u = Math.sqrt(v.reduce((t, x) => t + x * x, 0));
          value[i] = counts[i]! * u ** o.infoPower;
        }
        return top(value, count, skip, o.askable);
      }
      if (answers.length === 0 && o.spread) {
        const pool = top(counts, 60, skip, o.askable);
        const q = (i: number) => model.movieFactors.subarray(i * k, (i + 1) * k);
        const norm = (i: number) => Math.sqrt(q(i).reduce((t, x) => t + x * x, 0));
        const chosen: number[] = [];
        while (chosen.length < count) {
          let best = -1, bestValue = -Infinity;
          for (const i of pool) {
            if (chosen.includes(i)) continue;
            let maxCos = 0;
            for (const j of chosen) maxCos = Math.max(maxCos, q(i).reduce((t, x, f) => t + x * q(j)[f]!, 0) / (norm(i) * norm(j)));
            const value = (counts[i]! / counts[pool[0]!]!) * (1 - o.spread * maxCos);
            if (value > bestValue) { bestValue = value; best = i; }
          }
          chosen.push(best);
        }
        return chosen;
      }
      if (answers.length === 0 && o.firstScreen === 'popularity') {
        s = counts;
        const f = foldIn([], o.fold);
        a = f.a;
        if (o.beta === 0 && o.diverse === 0) return top(counts, count, skip, o.askable);
      } else {
        const answered = new Set(answers.map((r) => r.movie));
        const skips = o.skipWeight ? shown.filter((m) => !answered.has(m)) : [];
        const f = foldIn(answers, o.fold, skips, o.skipWeight ?? 0);
        s = answers.length === 0 ? meanScores : scoresOf(f.p);
        if (o.gamma) s = Float32Array.from(s, (x, i) => x + o.gamma! * meanScores[i]!);
        a = f.a;
      }
      if (o.beta === 0 && o.diverse === 0) return top(s, count, skip, o.askable);
      // pool by score, then greedy with uncertainty
      const pool = top(s, o.pool, skip, o.askable);
      const l = choleskyLower(a, k);
      const scale = answers.length === 0 && o.firstScreen === 'popularity' ? 1 / Math.max(1, counts[pool[0]!]!) : 1;
      // v_i = L^{-1} q_i ; u_i^2 = |v_i|^2 ; Sherman-Morrison with whitened vectors
      const vs = pool.map((i) => Float64Array.from(solveLower(l, model.movieFactors.subarray(i * k, (i + 1) * k), k)));
      const u2 = vs.map((v) => v.reduce((t, x) => t + x * x, 0));
      // maintain whitened covariance as I - Σ c w w^T: track projections
      const chosen: number[] = [];
      const taken = new Uint8Array(pool.length);
      const dirs: { w: Float64Array; c: number }[] = [];
      for (let n = 0; n < count && n < pool.length; n++) {
        let best = -1;
        let bestValue = -Infinity;
        for (let j = 0; j < pool.length; j++) {
          if (taken[j]) continue;
          const value = (s[pool[j]!] as number) * scale + o.beta * Math.sqrt(Math.max(u2[j]!, 0));
          if (value > bestValue) {
            bestValue = value;
            best = j;
          }
        }
        taken[best] = 1;
        chosen.push(pool[best]!);
        if (o.diverse > 0) {
          // rank-one update of the whitened covariance: C <- C - c (C v)(C v)^T/(1 + c v^T C v)
          let w = Float64Array.from(vs[best]!);
          for (const d of dirs) {
            const dot = d.w.reduce((t, x, f) => t + x * w[f]!, 0);
            w = w.map((x, f) => x - d.c * dot * d.w[f]!);
          }
          const vCv = vs[best]!.reduce((t, x, f) => t + x * w[f]!, 0);
          const c = o.diverse / (1 + o.diverse * vCv);
          dirs.push({ w, c });
          for (let j = 0; j < pool.length; j++) {
            if (taken[j]) continue;
            const dot = vs[j]!.reduce((t, x, f) => t + x * w[f]!, 0);
            u2[j]! -= c * dot * dot;
          }
        }
      }
      return chosen;
    },
  };
}

function run(v: Variant) {
  const t = performance.now();
  const perShown = SHOWN.map(() => [] as Rated[][]);
  for (const person of people) {
    const shown: number[] = [];
    let answers: Rated[] = [];
    for (let si = 0; si < SHOWN.length; si++) {
      const target = SHOWN[si]!;
      while (shown.length < target) {
        const size = typeof v.screen === 'function' ? v.screen(shown.length) : (v.screen ?? 10);
        const screen = v.next(person, answers, shown, size);
        if (screen.length === 0) break;
        // answered screen at once (app: chosen before answers of this screen)
        for (const m of screen) shown.push(m);
        answers = answersTo(person, shown);
      }
      perShown[si]!.push(answersTo(person, shown.slice(0, target)));
    }
  }
  const row = SHOWN.map((S, si) => {
    const answers = perShown[si]!;
    const metrics = scoreNewPeople(people, answers, M, (i) => {
      const s = v.forYou(answers[i]!);
      const out = Float32Array.from(s as ArrayLike<number>);
      for (let m = 0; m < M; m++) if (!eligible(m)) out[m] = NaN;
      return out;
    });
    const answered = answers.reduce((t, a) => t + a.length, 0) / people.length;
    return `S${S} ${metrics.ndcgAtK.toFixed(3)}(${answered.toFixed(1)})`;
  });
  console.log(v.name.padEnd(28), row.join('  '), `${((performance.now() - t) / 1000).toFixed(1)}s`);
}

const askAll = (i: number) => counts[i]! > 0;
const askEligible = eligible;
const typedVariant: Variant = {
  name: 'typed',
  next: (person, _a, shown, count) => typedTitles(person, 0).slice(shown.length, shown.length + count),
  forYou: forYouWith(zeroFold),
};
const want = option('variants');
// ---- user-kNN P(seen)
const byMovie: number[][] = Array.from({ length: M }, () => []);
const byUser: number[][] = Array.from({ length: shape.userCount }, () => []);
for (let j = 0; j < split.train.rating.length; j++) {
  byMovie[split.train.movie[j]!]!.push(split.train.user[j]!);
  byUser[split.train.user[j]!]!.push(split.train.movie[j]!);
}
function knnSeen(answers: readonly Rated[], skips: readonly number[], neighbours: number, skipPenalty: number): Float32Array {
  const sim = new Float64Array(shape.userCount);
  for (const { movie } of answers) {
    const idf = Math.log(shape.userCount / (1 + byMovie[movie]!.length));
    for (const v of byMovie[movie]!) sim[v]! += idf;
  }
  for (const movie of skips) {
    const idf = Math.log(shape.userCount / (1 + byMovie[movie]!.length));
    for (const v of byMovie[movie]!) sim[v]! -= skipPenalty * idf;
  }
  // normalise by sqrt of user's count (cosine-ish)
  const users = [];
  for (let v = 0; v < shape.userCount; v++) if (byUser[v]!.length) users.push(v);
  const norm = (v: number) => sim[v]! / Math.sqrt(byUser[v]!.length);
  users.sort((x, y) => norm(y) - norm(x));
  const out = new Float32Array(M);
  for (const v of users.slice(0, neighbours)) {
    const w = Math.max(norm(v), 0);
    for (const m of byUser[v]!) out[m]! += w;
  }
  return out;
}
function knnAdaptive(name: string, neighbours: number, skipPenalty: number, fy = forYouWith(zeroFold), screen?: number): Variant {
  return {
    name,
    ...(screen !== undefined && { screen }),
    forYou: fy,
    next(_person, answers, shown, count) {
      const skip = new Set(shown);
      if (answers.length === 0) return top(counts, count, skip, askEligible);
      const answered = new Set(answers.map((r) => r.movie));
      const skips = shown.filter((m) => !answered.has(m));
      return top(knnSeen(answers, skips, neighbours, skipPenalty), count, skip, askEligible);
    },
  };
}
const E = (extra: Partial<AdaptiveOptions>): AdaptiveOptions => ({ fold: zeroFold, beta: 0, diverse: 0, firstScreen: 'popularity', pool: 300, askable: askEligible, ...extra });
const fyR = forYouWith({ prior: 0, ridgeScale: 0.3 });
const fyR1 = forYouWith({ prior: 0, ridgeScale: 0.1 });
const fyMix = (g: number) => (answers: readonly Rated[]) => {
  if (answers.length === 0) return counts;
  const s = scoresOf(foldIn(answers, { prior: 0, ridgeScale: 0.3 }).p);
  return Float32Array.from(s, (x, i) => x + g * meanScores[i]!);
};
const fyMix2 = (g: number, fold: FoldOptions) => (answers: readonly Rated[]) => {
  if (answers.length === 0) return counts;
  const s = scoresOf(foldIn(answers, fold).p);
  return Float32Array.from(s, (x, i) => x + g * meanScores[i]!);
};
const Q3 = { prior: 0, ridgeScale: 0.3 };
const fyNew = fyMix2(0, Q3);
const mu = model.meanRating;
const W = (f: (r: number) => number) => fyMix2(0, { ...Q3, weightOf: f });
const variants: Variant[] = [
  fixed('popularity', () => popOrder),
  fixed('lpe', () => lpeOrder),
  typedVariant,
  fixed('popularity fy.3', () => popOrder, fyNew),
  fixed('lpe fy.3', () => lpeOrder, fyNew),
  { ...typedVariant, name: 'typed fy.3', forYou: fyNew },
  adaptive('exploit', E({})),
  adaptive('app', E({ gamma: 0.3, fold: Q3 }), fyNew),
  adaptive('app one by one', E({ gamma: 0.3, fold: Q3 }), fyNew, 1),
];
console.log(`people ${people.length}, movies ${M}, min ratings ${minimum}`);
for (const v of variants) if (!want || want.split(',').includes(v.name)) run(v);
