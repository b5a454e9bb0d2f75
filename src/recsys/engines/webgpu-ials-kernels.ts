import { COMPONENTS, PARAMS, THREAD_INDEX, range } from './webgpu-ials-common';
import { conjugateGradientShader, SOLVER_SHAPES, type SolverKind } from './webgpu-ials-cg-shader';
import { WORKGROUP_SIZE } from './webgpu-mf-kernels';

/**
 * WGSL for implicit ALS (the CPU reference is models/ials.ts). A sweep over one side is
 *   1. Gram partials: partials[s, a, b] = Σ_{r in slice s} Y[r, a] Y[r, b]   (one thread per (s, 4×8 tile),
 *                     tiles wholly below the diagonal skipped: G is symmetric)
 *   2. Gram reduce:   G[a, b] = Σ_s partials[s, min(a, b), max(a, b)]         (one thread per (a, b))
 *   3. CG:            every row of the other side, one workgroup per 4 rows
 * WGSL has no float atomics, so the Gram needs the second dispatch. Slicing the rows multiplies
 * the threads by the slice count (one thread per tile looping every row would be too few for a
 * big GPU); each thread keeps a 4×8 tile of sums in registers, so a row's 12 loaded values serve
 * 32 products instead of 2 loads per product.
 */

/** Upper bound on Gram slices: the partials buffer is slices × k² floats (32 MiB at k = 256). */
export const MAX_GRAM_SLICES = 128;
/** Fewer rows than this per slice would spend more time reducing than summing. */
const MIN_GRAM_SLICE_ROWS = 64;
/** The tile of G one Gram-partial thread sums: GRAM_TILE_ROWS a's × GRAM_TILE_COLUMNS b's. */
const GRAM_TILE_ROWS = 4;
const GRAM_TILE_COLUMNS = 8;

export function gramSlices(count: number): { slices: number; sliceRows: number } {
  const slices = Math.max(1, Math.min(MAX_GRAM_SLICES, Math.ceil(count / MIN_GRAM_SLICE_ROWS)));
  return { slices, sliceRows: Math.max(1, Math.ceil(count / slices)) };
}

/** Threads of the Gram-partial dispatch: one per (slice, tile). */
export function gramPartialThreads(k: number, slices: number): number {
  return slices * Math.ceil(k / GRAM_TILE_ROWS) * Math.ceil(k / GRAM_TILE_COLUMNS);
}

/** Tile rows a0 + i and columns b0 + 4q + c; loads are clamped to k − 1, stores guarded. */
export const GRAM_PARTIAL_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  let k = params.k;
  let last = k - 1u;
  let tileColumns = (k + ${GRAM_TILE_COLUMNS - 1}u) / ${GRAM_TILE_COLUMNS}u;
  let tiles = ((k + ${GRAM_TILE_ROWS - 1}u) / ${GRAM_TILE_ROWS}u) * tileColumns;
  if (t >= params.slices * tiles) { return; }
  let slice = t / tiles;
  let a0 = ((t % tiles) / tileColumns) * ${GRAM_TILE_ROWS}u;
  let b0 = (t % tileColumns) * ${GRAM_TILE_COLUMNS}u;
  // G is symmetric: tiles wholly below the diagonal are left out (the reduce reads their mirror).
  if (b0 + ${GRAM_TILE_COLUMNS - 1}u < a0) { return; }
  let first = slice * params.sliceRows;
  let end = min(params.rowCount, first + params.sliceRows);
  ${range(GRAM_TILE_ROWS)
    .flatMap((i) => range(GRAM_TILE_COLUMNS / 4).map((q) => `var sum${i}_${q} = vec4f(0.0);`))
    .join('\n  ')}
  for (var r = first; r < end; r++) {
    let row = r * k;
    ${range(GRAM_TILE_ROWS)
      .map((i) => `let ya${i} = table[row + min(a0 + ${i}u, last)];`)
      .join('\n    ')}
    ${range(GRAM_TILE_COLUMNS / 4)
      .map(
        (q) =>
          `let yb${q} = vec4f(${range(4)
            .map((c) => `table[row + min(b0 + ${4 * q + c}u, last)]`)
            .join(', ')});`,
      )
      .join('\n    ')}
    ${range(GRAM_TILE_ROWS)
      .flatMap((i) => range(GRAM_TILE_COLUMNS / 4).map((q) => `sum${i}_${q} += ya${i} * yb${q};`))
      .join('\n    ')}
  }
  let out = slice * k * k;
  ${range(GRAM_TILE_ROWS)
    .flatMap((i) =>
      range(GRAM_TILE_COLUMNS).map(
        (b) =>
          `if (a0 + ${i}u < k && b0 + ${b}u < k) { partials[out + (a0 + ${i}u) * k + b0 + ${b}u] = sum${i}_${b >> 2}.${COMPONENTS[b & 3]}; }`,
      ),
    )
    .join('\n  ')}
}
`;

export const GRAM_REDUCE_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> gram: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  let k = params.k;
  let cells = k * k;
  if (t >= cells) { return; }
  // Only the partial tiles touching the diagonal or above it were summed: read (min, max).
  let a = t / k;
  let b = t % k;
  let cell = min(a, b) * k + max(a, b);
  var sum = 0.0;
  for (var s = 0u; s < params.slices; s++) {
    sum += partials[s * cells + cell];
  }
  gram[t] = sum;
}
`;

/** scores[s, i] = userTable[users[s]] · movieTable[i]; rowCount users, otherCount movies. */
export const SCORE_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> users: array<u32>;
@group(0) @binding(2) var<storage, read> userTable: array<f32>;
@group(0) @binding(3) var<storage, read> movieTable: array<f32>;
@group(0) @binding(4) var<storage, read_write> scores: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  if (t >= params.rowCount * params.otherCount) { return; }
  let k = params.k;
  let user = users[t / params.otherCount] * k;
  let movie = (t % params.otherCount) * k;
  var sum = 0.0;
  for (var f = 0u; f < k; f++) { sum += userTable[user + f] * movieTable[movie + f]; }
  scores[t] = sum;
}
`;

/**
 * Whether `device` runs shaders on the CPU (SwiftShader in Dawn, and in Chromium without a usable
 * GPU), where the narrow CG shape is the fast one. The spec's isFallbackAdapter marks such
 * adapters; older browsers lack it (and GPUDevice.adapterInfo), so the adapter's own name is
 * checked too: Dawn in Node and Chromium report vendor "google", architecture "swiftshader".
 */
export function isSoftwareDevice(device: GPUDevice): boolean {
  const info = (device as { adapterInfo?: Partial<GPUAdapterInfo> & { readonly isFallbackAdapter?: boolean } }).adapterInfo;
  if (!info) return false;
  if (info.isFallbackAdapter === true) return true;
  return [info.vendor, info.architecture, info.device, info.description].some((name) => /swiftshader/i.test(name ?? ''));
}

export interface IalsPipelines {
  readonly gramPartial: GPUComputePipeline;
  readonly gramReduce: GPUComputePipeline;
  readonly conjugateGradient: GPUComputePipeline;
  readonly score: GPUComputePipeline;
}

/** Compiled once per device (and CG shape), as the MF pipelines are (see mfPipelines). */
const pipelinesByDevice = new WeakMap<GPUDevice, Map<SolverKind, IalsPipelines>>();

export function ialsPipelines(device: GPUDevice, solver: SolverKind): IalsPipelines {
  let bySolver = pipelinesByDevice.get(device);
  if (!bySolver) {
    bySolver = new Map();
    pipelinesByDevice.set(device, bySolver);
  }
  let pipelines = bySolver.get(solver);
  if (!pipelines) {
    const compile = (code: string) =>
      device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const shared = bySolver.values().next().value;
    pipelines = {
      gramPartial: shared?.gramPartial ?? compile(GRAM_PARTIAL_SHADER),
      gramReduce: shared?.gramReduce ?? compile(GRAM_REDUCE_SHADER),
      conjugateGradient: compile(conjugateGradientShader(SOLVER_SHAPES[solver])),
      score: shared?.score ?? compile(SCORE_SHADER),
    };
    bySolver.set(solver, pipelines);
  }
  return pipelines;
}

export { IALS_PARAMS, MAX_IALS_FACTORS } from './webgpu-ials-common';
export { ROWS_PER_GROUP, SOLVER_SHAPES, type SolverKind, type SolverShape } from './webgpu-ials-cg-shader';
