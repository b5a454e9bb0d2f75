import type { IdMap } from '../dataset';

/**
 * A factor model trained elsewhere (Spark's ALSModel, Python's implicit): r̂ = p_uᵀq_i, no
 * biases, each table with the raw ids of its rows. Both engines key rows by the ids they were
 * given, which need not be every id of the dataset nor in its order.
 */
export interface ExternalFactors {
  readonly rank: number;
  readonly userIds: Int32Array;
  /** Row-major, userIds.length × rank. */
  readonly userFactors: Float32Array;
  readonly movieIds: Int32Array;
  /** Row-major, movieIds.length × rank. */
  readonly movieFactors: Float32Array;
}

/** The tables in the dataset's own index order: what the app's models hold. */
export interface AlignedFactors {
  readonly factors: number;
  readonly userCount: number;
  readonly movieCount: number;
  readonly userFactors: Float32Array;
  readonly movieFactors: Float32Array;
  /** Dataset users and movies the model has no row for (zero vectors: they score 0 for everyone). */
  readonly usersWithoutRow: number;
  readonly moviesWithoutRow: number;
}

export class ExternalFactorsError extends Error {
  override name = 'ExternalFactorsError';
}

/** At most this many ids are named in a message; the count is always whole. */
const IDS_NAMED = 10;

function named(ids: readonly number[]): string {
  const shown = ids.slice(0, IDS_NAMED).join(', ');
  return ids.length > IDS_NAMED ? `${shown}, … (${ids.length.toLocaleString('en-US')} in all)` : shown;
}

/** Checks one side (rank matches the array, ids unique, no NaN or infinity) and lays it out in
 * the dataset's order. Throws with the reason; nothing is half-built. */
function alignSide(
  side: 'user' | 'movie',
  ids: Int32Array,
  table: Float32Array,
  rank: number,
  datasetIds: IdMap,
): { aligned: Float32Array; withoutRow: number } {
  const word = side === 'user' ? 'users' : 'movies';
  if (table.length !== ids.length * rank)
    throw new ExternalFactorsError(
      `The ${side} factors hold ${table.length.toLocaleString('en-US')} numbers, but ${ids.length.toLocaleString('en-US')} ${word} at rank ${rank} need ${(ids.length * rank).toLocaleString('en-US')}.`,
    );
  for (let i = 0; i < table.length; i++)
    if (!Number.isFinite(table[i]))
      throw new ExternalFactorsError(
        `The ${side} factors hold ${String(table[i])} (${side} id ${ids[Math.floor(i / rank)]}, factor ${i % rank}): a model with NaN or infinite factors cannot rank.`,
      );
  const unknown: number[] = [];
  const repeated: number[] = [];
  const seen = new Uint8Array(datasetIds.size);
  for (const id of ids) {
    const index = datasetIds.indexOf(id);
    if (index === undefined) unknown.push(id);
    else if (seen[index]) repeated.push(id);
    else seen[index] = 1;
  }
  if (unknown.length > 0)
    throw new ExternalFactorsError(
      `${unknown.length.toLocaleString('en-US')} ${side} id${unknown.length === 1 ? ' is' : 's are'} not in the loaded dataset: ${named(unknown)}. Load the dataset the model was trained on.`,
    );
  if (repeated.length > 0) throw new ExternalFactorsError(`The ${side} ids repeat: ${named(repeated)}.`);
  const aligned = new Float32Array(datasetIds.size * rank);
  for (let row = 0; row < ids.length; row++)
    aligned.set(table.subarray(row * rank, (row + 1) * rank), datasetIds.indexOf(ids[row]!)! * rank);
  return { aligned, withoutRow: datasetIds.size - ids.length };
}

/** An external model's tables in the dataset's order, after checking every id and number. */
export function alignExternalFactors(model: ExternalFactors, users: IdMap, movies: IdMap): AlignedFactors {
  if (!Number.isInteger(model.rank) || model.rank < 1 || model.rank > 1024)
    throw new ExternalFactorsError(`Rank ${model.rank} is not a factor count from 1 to 1024.`);
  const user = alignSide('user', model.userIds, model.userFactors, model.rank, users);
  const movie = alignSide('movie', model.movieIds, model.movieFactors, model.rank, movies);
  return {
    factors: model.rank,
    userCount: users.size,
    movieCount: movies.size,
    userFactors: user.aligned,
    movieFactors: movie.aligned,
    usersWithoutRow: user.withoutRow,
    moviesWithoutRow: movie.withoutRow,
  };
}
