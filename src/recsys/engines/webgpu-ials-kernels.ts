import { uniformStruct } from './uniform-struct';
import { WORKGROUP_SIZE } from './webgpu-mf-kernels';

/**
 * WGSL for implicit ALS (the CPU reference is models/ials.ts). A sweep over one side is
 *   1. Gram partials: partials[s, a, b] = Σ_{r in slice s} Y[r, a] Y[r, b]   (one thread per (s, a, b))
 *   2. Gram reduce:   G[a, b] = Σ_s partials[s, a, b]                        (one thread per (a, b))
 *   3. CG:            every row of the other side, one workgroup per row
 * WGSL has no float atomics, so the Gram needs the second dispatch. One thread per (a, b)
 * looping every row would be only k² = 16,384 threads at k = 128, too few to fill a big GPU for
 * 162k rows; slicing the rows multiplies the threads by the slice count, and the 64 threads of a
 * workgroup share (s, a) and read consecutive b of the same row, so the loads are coalesced.
 */

/** The largest k the CG kernel holds (its per-thread slots and the shared vector are sized for it). */
export const MAX_IALS_FACTORS = 256;
/** Factors each CG thread owns: f = local, local + 64, … */
const SLOTS = MAX_IALS_FACTORS / WORKGROUP_SIZE;
/** Upper bound on Gram slices: the partials buffer is slices × k² floats (32 MiB at k = 256). */
export const MAX_GRAM_SLICES = 128;
/** Fewer rows than this per slice would spend more time reducing than summing. */
const MIN_GRAM_SLICE_ROWS = 64;

export function gramSlices(count: number): { slices: number; sliceRows: number } {
  const slices = Math.max(1, Math.min(MAX_GRAM_SLICES, Math.ceil(count / MIN_GRAM_SLICE_ROWS)));
  return { slices, sliceRows: Math.max(1, Math.ceil(count / slices)) };
}

/** The uniform every iALS kernel reads (each dispatch has its own buffer; unused fields are 0). */
export const IALS_PARAMS = uniformStruct('Params', [
  ['k', 'u32'],
  /** Gram: rows of the table; CG: rows being solved; score: users in the batch. */
  ['rowCount', 'u32'],
  /** CG: rows of the fixed side; score: movies. */
  ['otherCount', 'u32'],
  ['steps', 'u32'],
  ['slices', 'u32'],
  ['sliceRows', 'u32'],
  ['unobservedWeight', 'f32'],
  ['regularization', 'f32'],
  ['frequencyExponent', 'f32'],
] as const);

const PARAMS = /* wgsl */ `
${IALS_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
`;

/** Linear thread index over a 2-D grid of workgroups, as dispatchThreads lays them out. */
const THREAD_INDEX = /* wgsl */ `
fn threadIndex(workgroup: vec3u, groups: vec3u, local: u32) -> u32 {
  return (workgroup.y * groups.x + workgroup.x) * ${WORKGROUP_SIZE}u + local;
}
`;

export const GRAM_PARTIAL_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  let k = params.k;
  let cells = k * k;
  if (t >= params.slices * cells) { return; }
  let slice = t / cells;
  let a = (t % cells) / k;
  let b = t % k;
  let first = slice * params.sliceRows;
  let last = min(params.rowCount, first + params.sliceRows);
  var sum = 0.0;
  for (var r = first; r < last; r++) {
    sum += table[r * k + a] * table[r * k + b];
  }
  partials[t] = sum;
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
  let cells = params.k * params.k;
  if (t >= cells) { return; }
  var sum = 0.0;
  for (var s = 0u; s < params.slices; s++) {
    sum += partials[s * cells + t];
  }
  gram[t] = sum;
}
`;

/**
 * Warm-started CG on each row's system (α0 G + λ_r I + Σ_e w_e y_e y_eᵀ) x = Σ_e w_e y_e, step for
 * step as conjugateGradientSide. One workgroup per row; thread `local` owns factors local + 64 j in
 * private arrays; the vector A multiplies lives in workgroup memory because every thread reads all
 * of it. Barriers sit only in loops whose bounds are uniform: the row index comes from workgroup_id,
 * offsets from a read-only storage buffer at that index, and every scalar a loop tests (residual
 * norm) comes out of workgroupUniformLoad.
 */
export const CONJUGATE_GRADIENT_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read> columns: array<u32>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read> other: array<f32>;
@group(0) @binding(5) var<storage, read> gram: array<f32>;
@group(0) @binding(6) var<storage, read_write> table: array<f32>;

const LANES = ${WORKGROUP_SIZE}u;
const SLOTS = ${SLOTS}u;
var<workgroup> operand: array<f32, ${MAX_IALS_FACTORS}>;
var<workgroup> entryDots: array<f32, ${WORKGROUP_SIZE}>;
var<workgroup> entryColumns: array<u32, ${WORKGROUP_SIZE}>;
var<workgroup> sums: array<f32, ${WORKGROUP_SIZE}>;

fn workgroupSum(value: f32, local: u32) -> f32 {
  sums[local] = value;
  workgroupBarrier();
  for (var width = LANES / 2u; width > 0u; width >>= 1u) {
    if (local < width) { sums[local] += sums[local + width]; }
    workgroupBarrier();
  }
  let total = workgroupUniformLoad(&sums[0]);
  // Nobody may write sums for the next reduction while another thread still reads sums[0].
  workgroupBarrier();
  return total;
}

/** λ (n + α0 · otherCount)^ν, with 0^0 = 1 as in JavaScript (WGSL's pow(0, 0) is undefined). */
fn rowRegularization(count: u32) -> f32 {
  let base = f32(count) + params.unobservedWeight * f32(params.otherCount);
  if (params.frequencyExponent == 0.0) { return params.regularization; }
  if (base <= 0.0) { return 0.0; }
  return params.regularization * pow(base, params.frequencyExponent);
}

/** A · operand for this thread's factors; operand must be written and barriered before the call. */
fn multiply(start: u32, end: u32, ridge: f32, local: u32) -> array<f32, SLOTS> {
  let k = params.k;
  var out: array<f32, SLOTS>;
  for (var j = 0u; j < SLOTS; j++) {
    let a = local + j * LANES;
    if (a < k) {
      var sum = 0.0;
      // G is symmetric: reading column a of row b makes the workgroup's loads consecutive.
      for (var b = 0u; b < k; b++) { sum += gram[b * k + a] * operand[b]; }
      out[j] = params.unobservedWeight * sum + ridge * operand[a];
    }
  }
  for (var chunk = start; chunk < end; chunk += LANES) {
    let e = chunk + local;
    if (e < end) {
      let column = columns[e];
      var sum = 0.0;
      for (var f = 0u; f < k; f++) { sum += other[column * k + f] * operand[f]; }
      entryDots[local] = sum * weights[e];
      entryColumns[local] = column;
    }
    workgroupBarrier();
    let n = min(LANES, end - chunk);
    for (var j = 0u; j < SLOTS; j++) {
      let f = local + j * LANES;
      if (f < k) {
        var sum = 0.0;
        for (var t = 0u; t < n; t++) { sum += entryDots[t] * other[entryColumns[t] * k + f]; }
        out[j] += sum;
      }
    }
    workgroupBarrier();
  }
  return out;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let row = wg.y * grid.x + wg.x;
  if (row >= params.rowCount) { return; }
  let k = params.k;
  let start = offsets[row];
  let end = offsets[row + 1u];
  let ridge = rowRegularization(end - start);
  var x: array<f32, SLOTS>;
  var residual: array<f32, SLOTS>;
  var direction: array<f32, SLOTS>;
  for (var j = 0u; j < SLOTS; j++) {
    let f = local + j * LANES;
    if (f < k) { x[j] = table[row * k + f]; operand[f] = x[j]; }
  }
  workgroupBarrier();
  // r0 = b − A x0
  var product = multiply(start, end, ridge, local);
  for (var e = start; e < end; e++) {
    let base = columns[e] * k;
    let w = weights[e];
    for (var j = 0u; j < SLOTS; j++) {
      let f = local + j * LANES;
      if (f < k) { residual[j] += w * other[base + f]; }
    }
  }
  var norm = 0.0;
  for (var j = 0u; j < SLOTS; j++) {
    residual[j] -= product[j];
    direction[j] = residual[j];
    norm += residual[j] * residual[j];
  }
  // The barriers in workgroupSum also end every thread's reads of operand in multiply.
  var residualNorm = workgroupSum(norm, local);
  for (var iteration = 0u; iteration < params.steps && residualNorm > 1e-20; iteration++) {
    for (var j = 0u; j < SLOTS; j++) {
      let f = local + j * LANES;
      if (f < k) { operand[f] = direction[j]; }
    }
    workgroupBarrier();
    product = multiply(start, end, ridge, local);
    var curvature = 0.0;
    for (var j = 0u; j < SLOTS; j++) { curvature += direction[j] * product[j]; }
    let alpha = residualNorm / max(workgroupSum(curvature, local), 1e-30);
    var next = 0.0;
    for (var j = 0u; j < SLOTS; j++) {
      x[j] += alpha * direction[j];
      residual[j] -= alpha * product[j];
      next += residual[j] * residual[j];
    }
    let nextNorm = workgroupSum(next, local);
    let beta = nextNorm / residualNorm;
    for (var j = 0u; j < SLOTS; j++) { direction[j] = residual[j] + beta * direction[j]; }
    residualNorm = nextNorm;
  }
  for (var j = 0u; j < SLOTS; j++) {
    let f = local + j * LANES;
    if (f < k) { table[row * k + f] = x[j]; }
  }
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

export interface IalsPipelines {
  readonly gramPartial: GPUComputePipeline;
  readonly gramReduce: GPUComputePipeline;
  readonly conjugateGradient: GPUComputePipeline;
  readonly score: GPUComputePipeline;
}

/** Compiled once per device, as the MF pipelines are (see mfPipelines). */
const pipelinesByDevice = new WeakMap<GPUDevice, IalsPipelines>();

export function ialsPipelines(device: GPUDevice): IalsPipelines {
  let pipelines = pipelinesByDevice.get(device);
  if (!pipelines) {
    const compile = (code: string) =>
      device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    pipelines = {
      gramPartial: compile(GRAM_PARTIAL_SHADER),
      gramReduce: compile(GRAM_REDUCE_SHADER),
      conjugateGradient: compile(CONJUGATE_GRADIENT_SHADER),
      score: compile(SCORE_SHADER),
    };
    pipelinesByDevice.set(device, pipelines);
  }
  return pipelines;
}
