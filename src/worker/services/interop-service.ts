import { MfRecommenderModel } from '../../recsys/engines/trainer';
import { alignExternalFactors, ExternalFactorsError } from '../../recsys/interop/external-factors';
import { NpyError } from '../../recsys/interop/npy';
import { SparkModelError } from '../../recsys/interop/spark-als';
import { DEFAULT_IALS_CONFIG, type IalsConfig, type IalsModel } from '../../recsys/models/ials';
import type { MatrixFactorizationWeights } from '../../recsys/models/mf-weights';
import { evaluateRanking } from '../../recsys/ranking-evaluation';
import { givenSplit, randomSplit } from '../../recsys/split';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../../recsys/training-config';
import type { ExternalModelOutcome, ExternalOrigin, ImportProgress, ModelInfo, Outcome, SplitSettings } from '../api';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';
import type { WorkerContext } from './context';
import { CancelledImport, readExternal, type ReadModel } from './external-model-reader';
import { modelFileFor } from './model-service';
import { rankerFileFor } from './ranker-service';

/**
 * Models and data that cross to and from Spark MLlib and Python's implicit:
 *
 * - import: a Spark ALSModel (its folder's files, or their .zip) or an implicit .npz becomes the
 *   rating model (r̂ = p_uᵀq_i, kind 'mf') and, for implicit feedback, also the ranking model
 *   (the same factors: the match is the engine's own p_uᵀq_i). Then it is ranked on the test
 *   split like a model trained here.
 * - export: any MF or ranking model as an ALSModel zip or an implicit .npz; the dataset as Parquet.
 *
 * Imported tables are scored on the CPU in this worker (M·k multiply-adds per user: 2.3 M for
 * Netflix's 17.7k movies at rank 128), so they are never uploaded to the GPU and no WebGPU
 * buffer limit applies, whatever their size.
 *
 * The files are read by external-model-reader.ts; the exports are engine-export.ts's.
 */

function splitOf(data: LoadedData, settings: SplitSettings) {
  const { dataset } = data;
  return dataset.givenSplit
    ? givenSplit(dataset.ratings, dataset.givenSplit.trainRows)
    : randomSplit(dataset.ratings, settings.testFraction, settings.seed);
}

/** The iALS settings under which an imported implicit model's fold-in (For you) runs: unit
 * weight on every unobserved cell as in Hu et al.'s objective, λ constant per row. */
function foldInConfig(rank: number, regularization: number): IalsConfig {
  return { ...DEFAULT_IALS_CONFIG, factors: rank, regularization, unobservedWeight: 1, frequencyExponent: 0, iterations: 0 };
}

function ratingConfig(rank: number, regularization: number): TrainingConfig {
  return { ...DEFAULT_TRAINING_CONFIG, model: 'mf', factors: rank, regularization };
}

/** Imports a Spark ALSModel (folder files or .zip) or an implicit .npz for the loaded dataset. */
export async function importExternalModel(
  context: WorkerContext,
  files: readonly File[],
  split: SplitSettings,
  onProgress: (progress: ImportProgress) => void,
  paths?: readonly string[],
): Promise<ExternalModelOutcome> {
  const { session, jobs } = context;
  if (jobs.running?.kind === 'training') return { ok: false, code: 'busy', message: 'Stop training before importing a model.' };
  const data = session.data;
  if (!data) return { ok: false, code: 'no-data', message: 'Load the dataset the model was trained on first.' };
  if (files.length === 0) return { ok: false, code: 'bad-input', message: 'No model files were given.' };
  const name = files.length === 1 ? files[0]!.name : (paths?.[0] ?? files[0]!.webkitRelativePath).split('/')[0] || 'the folder';
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return jobs.run('import', async (job): Promise<ExternalModelOutcome> => {
    const started = performance.now();
    const report = (fraction: number, stage: string) =>
      onProgress({
        jobId: job.id,
        stage,
        fraction,
        bytesRead: Math.round(fraction * totalBytes),
        totalBytes,
        rowsRead: 0,
        rowsPerSecond: 0,
      });
    let read: ReadModel;
    let aligned: ReturnType<typeof alignExternalFactors>;
    try {
      read = await readExternal(data, files, paths, job, report);
      aligned = alignExternalFactors(read.factors, data.dataset.users, data.dataset.movies);
    } catch (error) {
      if (error instanceof CancelledImport)
        return { ok: false, code: 'cancelled', message: 'Import cancelled; the model loaded before stays.' };
      if (error instanceof SparkModelError || error instanceof NpyError || error instanceof ExternalFactorsError) {
        return { ok: false, code: 'bad-file', message: `${name} was not imported: ${error.message}` };
      }
      throw error;
    }
    const origin: ExternalOrigin = {
      ...read.origin,
      rank: aligned.factors,
      usersWithoutRow: aligned.usersWithoutRow,
      moviesWithoutRow: aligned.moviesWithoutRow,
    };
    const weights: MatrixFactorizationWeights = {
      userCount: aligned.userCount,
      movieCount: aligned.movieCount,
      factors: aligned.factors,
      globalMean: 0,
      userFactors: aligned.userFactors,
      movieFactors: aligned.movieFactors,
      userBias: new Float32Array(aligned.userCount),
      movieBias: new Float32Array(aligned.movieCount),
    };
    const config = ratingConfig(aligned.factors, origin.regularization);
    const file = modelFileFor(data, weights, 'mf', config, { epochs: read.iterations, bestTestRmse: Number.NaN, history: [] });
    const model = session.replaceModel({
      model: new MfRecommenderModel('mf', weights),
      config,
      file,
      info: {
        kind: 'mf',
        epochs: read.iterations,
        bestTestRmse: Number.NaN,
        datasetName: data.dataset.name,
        savedAt: file.header.savedAt,
        source: 'imported',
        origin,
      },
    });
    let ranker: IalsModel | undefined;
    if (origin.feedback === 'implicit') {
      const meanRating = data.dataset.ratings.rating.reduce((sum, r) => sum + r, 0) / Math.max(1, data.dataset.ratings.rating.length);
      ranker = { ...weights, meanRating };
      const rankerConfig = foldInConfig(aligned.factors, origin.regularization);
      const rankerFile = rankerFileFor(data, ranker, rankerConfig, { iterations: read.iterations, validationNdcg: null, history: [] });
      session.replaceRanker({
        model: ranker,
        config: rankerConfig,
        file: rankerFile,
        info: {
          kind: 'ials',
          factors: aligned.factors,
          iterations: read.iterations,
          validationNdcg: null,
          datasetName: data.dataset.name,
          savedAt: rankerFile.header.savedAt,
          source: 'imported',
          engine: origin.engine,
        },
      });
    } else {
      session.replaceRanker(undefined);
    }
    report(1, 'Ranking on the test split');
    const ranking = await evaluateRanking(splitOf(data, split), weights, ranker, {
      onUsers: (done, total) => report(done / total, 'Ranking on the test split'),
      yieldToMessages: nextMacrotask,
    });
    return { ok: true, model, ranker: session.ranker?.info, ranking, seconds: (performance.now() - started) / 1000 };
  });
}

/** Sets the λ of fold-in (For you) for the current model and ranking model. */
export function setFoldInRegularization({ session }: WorkerContext, regularization: number): Outcome<{ model: ModelInfo }> {
  if (!(regularization >= 0 && regularization <= 1000))
    return { ok: false, code: 'bad-input', message: `λ is 0 to 1000, not ${regularization}.` };
  const model = session.updateFoldInRegularization(regularization);
  if (!model) return { ok: false, code: 'no-model', message: 'Import or train a model first.' };
  return { ok: true, model };
}
