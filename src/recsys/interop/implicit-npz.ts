import type { IdMap } from '../dataset';
import type { ExternalFactors } from './external-factors';
import { asFloat32, asInt32, NpyError, type NpyArray } from './npy';
import { readNpz, writeNpz, type NpzEntry } from './npz';

/**
 * The `.npz` layout Python's `implicit` saves (`model.save(path)`, read back by
 * `AlternatingLeastSquares.load` or `np.load`): `user_factors` (users × k) and `item_factors`
 * (items × k) as float32, its settings as 0-d arrays (`factors`, `regularization`, `alpha`,
 * `iterations`, …). implicit keeps no ids: a row is whatever index the person's user × item
 * matrix gave it. This app's exports add `user_ids` and `item_ids` (int32, the MovieLens ids of
 * the rows), so that nothing depends on how the matrix was built.
 */

/** How the rows of an imported file were matched to MovieLens ids, said to the person. */
export type RowIds = 'id arrays' | 'row = id' | 'sorted ids';

export interface ImplicitNpzModel extends ExternalFactors {
  /** How each side's rows were matched to MovieLens ids. */
  readonly rowIds: { readonly users: RowIds; readonly movies: RowIds };
  readonly regularization: number | undefined;
  readonly alpha: number | undefined;
  readonly iterations: number | undefined;
}

const FACTOR_KEYS = ['user_factors', 'item_factors'] as const;
const ID_KEYS = ['user_ids', 'item_ids'] as const;
const SETTING_KEYS = ['factors', 'regularization', 'alpha', 'iterations'] as const;

function setting(arrays: Map<string, NpyArray>, key: string): number | undefined {
  const array = arrays.get(key);
  if (!array || array.data.length !== 1) return undefined;
  const value = Number(array.data[0]);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Which MovieLens id each row stands for: the id arrays when the file has them; else, when the
 * table has one row per id from 0 to the largest id (the usual `csr_matrix((r, (userId,
 * movieId)))`), row = id; else, when it has exactly one row per dataset id, the ids in
 * increasing order (`pd.Categorical` codes). Anything else cannot be matched and is refused.
 */
function rowIdsFor(
  rows: number,
  ids: NpyArray | undefined,
  dataset: IdMap,
  side: 'user' | 'item',
  name: string,
): { ids: Int32Array; how: RowIds } {
  if (ids) {
    const given = asInt32(ids, `${name}, ${side}_ids`);
    if (given.length !== rows) throw new NpyError(`${name}: ${given.length} ${side}_ids for ${rows} rows of ${side}_factors.`);
    return { ids: given, how: 'id arrays' };
  }
  const raw = dataset.rawIds();
  const largest = raw.reduce((max, id) => Math.max(max, id), 0);
  if (rows === largest + 1) {
    // Rows whose id the dataset does not have are left out: a matrix indexed by id has empty rows.
    const present = Int32Array.from(raw).sort();
    return { ids: present, how: 'row = id' };
  }
  if (rows === raw.length) return { ids: Int32Array.from(raw).sort(), how: 'sorted ids' };
  throw new NpyError(
    `${name}: ${side}_factors has ${rows.toLocaleString('en-US')} rows and no ${side}_ids; the loaded dataset has ${raw.length.toLocaleString('en-US')} ${side === 'user' ? 'users' : 'movies'} with ids up to ${largest}, so the rows cannot be matched to ids. Save ${side}_ids beside the factors.`,
  );
}

/** The rows of `table` (rows × rank) that `ids` picks, for the row = id layout. */
function pickRows(table: Float32Array, rank: number, ids: Int32Array): Float32Array {
  const out = new Float32Array(ids.length * rank);
  ids.forEach((id, row) => out.set(table.subarray(id * rank, (id + 1) * rank), row * rank));
  return out;
}

/** Reads an implicit `.npz` against the loaded dataset's ids; `alignExternalFactors` checks the rest. */
export function readImplicitNpz(bytes: Uint8Array, users: IdMap, movies: IdMap, name = 'the .npz file'): ImplicitNpzModel {
  const arrays = readNpz(bytes, name, [...FACTOR_KEYS, ...ID_KEYS, ...SETTING_KEYS]);
  const tables = FACTOR_KEYS.map((key) => {
    const array = arrays.get(key);
    if (!array) throw new NpyError(`${name}: no ${key} array; an implicit model file has user_factors and item_factors.`);
    if (array.shape.length !== 2) throw new NpyError(`${name}: ${key} has shape (${array.shape.join(', ')}), not (rows, factors).`);
    return { rows: array.shape[0]!, rank: array.shape[1]!, data: asFloat32(array, `${name}, ${key}`) };
  });
  const [userTable, itemTable] = tables as [(typeof tables)[0], (typeof tables)[0]];
  if (userTable.rank !== itemTable.rank)
    throw new NpyError(`${name}: user_factors has ${userTable.rank} factors, item_factors ${itemTable.rank}.`);
  const rank = userTable.rank;
  const declared = setting(arrays, 'factors');
  if (declared !== undefined && declared !== rank) throw new NpyError(`${name}: factors says ${declared}, the tables have ${rank}.`);
  const userRows = rowIdsFor(userTable.rows, arrays.get('user_ids'), users, 'user', name);
  const itemRows = rowIdsFor(itemTable.rows, arrays.get('item_ids'), movies, 'item', name);
  return {
    rank,
    userIds: userRows.ids,
    userFactors: userRows.how === 'row = id' ? pickRows(userTable.data, rank, userRows.ids) : userTable.data,
    movieIds: itemRows.ids,
    movieFactors: itemRows.how === 'row = id' ? pickRows(itemTable.data, rank, itemRows.ids) : itemTable.data,
    rowIds: { users: userRows.how, movies: itemRows.how },
    regularization: setting(arrays, 'regularization'),
    alpha: setting(arrays, 'alpha'),
    iterations: setting(arrays, 'iterations'),
  };
}

/** A model as implicit's `.npz`, rows in the dataset's order with their MovieLens ids beside them. */
export function writeImplicitNpz(
  model: ExternalFactors,
  settings: { readonly regularization: number; readonly alpha: number; readonly iterations: number },
): Uint8Array<ArrayBuffer> {
  const { rank } = model;
  const arrays: Record<string, NpzEntry> = {
    user_factors: { data: model.userFactors, shape: [model.userIds.length, rank] },
    item_factors: { data: model.movieFactors, shape: [model.movieIds.length, rank] },
    user_ids: { data: model.userIds, shape: [model.userIds.length] },
    item_ids: { data: model.movieIds, shape: [model.movieIds.length] },
    // implicit's own setting names and dtypes (int64 for counts there; int32 reads the same in NumPy).
    factors: { data: Int32Array.of(rank), shape: [] },
    regularization: { data: Float64Array.of(settings.regularization), shape: [] },
    alpha: { data: Float64Array.of(settings.alpha), shape: [] },
    iterations: { data: Int32Array.of(settings.iterations), shape: [] },
  };
  return writeNpz(arrays);
}
