/**
 * Counting sort of entries by row into compressed rows (CSR): two passes over `rows`, no object
 * per entry. Returns the offsets (row r's entries are at positions offsets[r] .. offsets[r+1]-1)
 * and calls `place(position, entry)` once for each entry index, so the caller fills whichever
 * columns it keeps (movie ids, weights, residuals) without an intermediate permutation array,
 * which for ml-25m would be another 100 MB. Entries of a row keep their input order.
 */
export function groupByRow(rows: Int32Array, rowCount: number, place: (position: number, entry: number) => void): Int32Array {
  const offsets = new Int32Array(rowCount + 1);
  for (let j = 0; j < rows.length; j++) offsets[rows[j]! + 1]!++;
  for (let r = 0; r < rowCount; r++) offsets[r + 1]! += offsets[r]!;
  const cursor = offsets.slice(0, rowCount);
  for (let j = 0; j < rows.length; j++) place(cursor[rows[j]!]!++, j);
  return offsets;
}

/** Rows from..to−1 of a compressed side: where their entries start and end, and offsets from 0. */
export function rowSlice(offsets: Int32Array, from: number, to: number): { start: number; end: number; offsets: Int32Array } {
  const start = offsets[from]!;
  const sliced = offsets.slice(from, to + 1);
  for (let i = 0; i < sliced.length; i++) sliced[i]! -= start;
  return { start, end: offsets[to]!, offsets: sliced };
}
