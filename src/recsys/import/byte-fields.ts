/**
 * Numbers read straight from ASCII bytes, for the ratings parser's hot loop: no strings, no
 * objects, no per-field allocation.
 */

/** The largest raw id accepted: ids are stored in Int32Array columns. */
export const MAX_ID = 2 ** 31 - 1;

/** ASCII codes the byte loops match. */
export const NEWLINE = 10;
export const CARRIAGE_RETURN = 13;
export const DOT = 46;
export const ZERO = 48;
const NINE = 57;
const SPACE = 32;

/** Number of entries of sorted `values` that are ≤ x. */
export function upperBound(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whole number in [0, max] from ASCII digits (spaces around allowed), else −1. */
export function parseWhole(bytes: Uint8Array, start: number, end: number, max: number): number {
  while (start < end && bytes[start] === SPACE) start++;
  while (end > start && bytes[end - 1] === SPACE) end--;
  if (start === end || end - start > 10) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value <= max ? value : -1;
}

/** Id from 1 to 2^31 − 1, else −1. */
export function parseId(bytes: Uint8Array, start: number, end: number): number {
  const id = parseWhole(bytes, start, end, MAX_ID);
  return id >= 1 ? id : -1;
}

/** Non-negative decimal like "4", "3.5", "4.0" (spaces around allowed), else NaN. */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start] === SPACE) start++;
  while (end > start && bytes[end - 1] === SPACE) end--;
  if (start === end || end - start > 12) return Number.NaN;
  let whole = 0;
  let i = start;
  let digits = 0;
  for (; i < end && bytes[i] !== DOT; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return Number.NaN;
    whole = whole * 10 + (c - ZERO);
    digits++;
  }
  if (i === end) return digits > 0 ? whole : Number.NaN;
  let fraction = 0;
  let scale = 1;
  for (i++; i < end; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return Number.NaN;
    fraction = fraction * 10 + (c - ZERO);
    scale *= 10;
    digits++;
  }
  return digits > 0 ? whole + fraction / scale : Number.NaN;
}
