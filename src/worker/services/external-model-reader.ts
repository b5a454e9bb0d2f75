import { unzipSync } from 'fflate';
import type { ExternalFactors } from '../../recsys/interop/external-factors';
import { readImplicitNpz } from '../../recsys/interop/implicit-npz';
import { readSparkAlsModel, SparkModelError } from '../../recsys/interop/spark-als';
import type { ExternalOrigin } from '../api';
import type { Job } from '../job';
import type { LoadedData } from '../session';
import { nextMacrotask } from '../yield';

/**
 * Reads the files of a model trained elsewhere, a Spark ALSModel (its folder's files, or their
 * .zip) or an implicit .npz, into its factor tables and what the app takes from the file about
 * its training (ExternalOrigin, with what it had to assume), for interop-service.ts to import.
 */

/** The fold-in λ when a file does not say (Spark's regParam default; implicit's default). */
const SPARK_DEFAULT_REG_PARAM = 0.1;
const IMPLICIT_DEFAULT_REGULARIZATION = 0.01;

/** The files of a drop, by path (a zip's entries, or a folder's files by their relative path). */
async function filesByPath(files: readonly File[], paths: readonly string[] | undefined): Promise<Map<string, Uint8Array>> {
  const byPath = new Map<string, Uint8Array>();
  if (files.length === 1 && /\.zip$/i.test(files[0]!.name)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await files[0]!.arrayBuffer()));
    } catch (error) {
      throw new SparkModelError(
        `it is not a readable zip (${error instanceof Error ? error.message : String(error)}): truncated or not a zip.`,
      );
    }
    for (const [path, bytes] of Object.entries(entries)) byPath.set(path, bytes);
    return byPath;
  }
  for (const [index, file] of files.entries()) {
    byPath.set(paths?.[index] ?? (file.webkitRelativePath || file.name), new Uint8Array(await file.arrayBuffer()));
  }
  return byPath;
}

export interface ReadModel {
  readonly factors: ExternalFactors;
  readonly origin: Omit<ExternalOrigin, 'rank' | 'usersWithoutRow' | 'moviesWithoutRow'>;
  readonly iterations: number;
}

export async function readExternal(
  data: LoadedData,
  files: readonly File[],
  paths: readonly string[] | undefined,
  job: Job,
  report: (fraction: number, stage: string) => void,
): Promise<ReadModel> {
  const first = files[0]!;
  if (files.length === 1 && /\.npz$/i.test(first.name)) {
    const model = readImplicitNpz(new Uint8Array(await first.arrayBuffer()), data.dataset.users, data.dataset.movies, first.name);
    const assumed: string[] = [];
    if (model.regularization === undefined)
      assumed.push(`λ ${IMPLICIT_DEFAULT_REGULARIZATION} (implicit's default; the file does not say)`);
    return {
      factors: model,
      iterations: model.iterations ?? 0,
      origin: {
        engine: 'implicit',
        feedback: 'implicit',
        regularization: model.regularization ?? IMPLICIT_DEFAULT_REGULARIZATION,
        alpha: model.alpha,
        rowIds: `users by ${model.rowIds.users}, movies by ${model.rowIds.movies}`,
        assumed,
      },
    };
  }
  report(0, 'Unpacking the model');
  const byPath = await filesByPath(files, paths);
  const model = await readSparkAlsModel(byPath, {
    onBytes: (done, total) => report(total > 0 ? done / total : 1, 'Reading the factor tables'),
    yieldToMessages: async () => {
      await nextMacrotask();
      if (job.cancelled) throw new CancelledImport();
    },
  });
  const assumed: string[] = [];
  if (model.settings.implicitPrefs === undefined) assumed.push('implicit feedback (no training.json says otherwise)');
  if (model.settings.regParam === undefined) assumed.push(`λ ${SPARK_DEFAULT_REG_PARAM} (Spark's default regParam)`);
  return {
    factors: model,
    iterations: model.settings.maxIter ?? 0,
    origin: {
      engine: 'spark',
      feedback: model.settings.implicitPrefs === false ? 'explicit' : 'implicit',
      regularization: model.settings.regParam ?? SPARK_DEFAULT_REG_PARAM,
      alpha: model.settings.alpha,
      rowIds: `Spark ${model.sparkVersion}, ${model.partFiles.users} + ${model.partFiles.movies} part files`,
      assumed,
    },
  };
}

export class CancelledImport extends Error {}
