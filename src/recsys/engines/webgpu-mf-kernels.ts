import { uniformStruct } from './uniform-struct';

/**
 * WGSL for the fused matrix-factorization step. One table T holds every parameter row: user u
 * is row u, movie i is row U + i; a row is k factors then the bias (stride s = k + 1). So
 *
 *   r̂_j = μ + T[u_j, k] + T[U + i_j, k] + Σ_{f<k} T[u_j, f] · T[U + i_j, f]
 *
 * A step is three dispatches, none of which grows with the table:
 *   1. errors:    e_j = r_j − r̂_j                                      (one thread per rating)
 *   2. gradients: g[r, f] = (1/B) Σ_{j∈r} (−2 e_j x_jf) + (2λ n_r / B) T[r, f]
 *                 with x_jf the other row's factor f (1 for the bias), n_r the row's ratings
 *                                                                   (one thread per touched row × column)
 *   3. update:    Adam (lazy: touched rows only) or SGD on T[r, f]   (same threads)
 * Gradients are all computed before any update, so the step is the exact mini-batch gradient
 * of the loss in docs/notation.md, as autodiff would give.
 */

/** The uniform every MF kernel reads: its WGSL and the host's writer come from this table. */
export const MF_PARAMS = uniformStruct('Params', [
  ['k', 'u32'],
  ['stride', 'u32'],
  ['batchSize', 'u32'],
  ['rowCount', 'u32'],
  ['mu', 'f32'],
  ['lambda', 'f32'],
  ['learningRate', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['epsilon', 'f32'],
  ['biasCorrection1', 'f32'],
  ['biasCorrection2', 'f32'],
  ['useBias', 'u32'],
  ['useAdam', 'u32'],
  ['clipMin', 'f32'],
  ['clipMax', 'f32'],
] as const);

const PARAMS = /* wgsl */ `
${MF_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
`;

export const WORKGROUP_SIZE = 64;

/** Linear thread index over a 2-D grid of workgroups (more than 65,535 workgroups need two). */
const THREAD_INDEX = /* wgsl */ `
fn threadIndex(workgroup: vec3u, groups: vec3u, local: u32) -> u32 {
  return (workgroup.y * groups.x + workgroup.x) * ${WORKGROUP_SIZE}u + local;
}
`;

/** r̂ for one (user row, movie row) pair; needs \`table\` and \`params\` in scope. */
const PREDICT_PAIR = /* wgsl */ `
fn predictPair(userRow: u32, movieRow: u32) -> f32 {
  let user = userRow * params.stride;
  let movie = movieRow * params.stride;
  var predicted = params.mu + table[user + params.k] + table[movie + params.k];
  for (var f = 0u; f < params.k; f++) {
    predicted += table[user + f] * table[movie + f];
  }
  return predicted;
}
`;

export const ERRORS_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> batchRows: array<i32>;   // users' rows, then movies' rows
@group(0) @binding(3) var<storage, read> ratings: array<f32>;
@group(0) @binding(4) var<storage, read_write> errors: array<f32>;
${THREAD_INDEX}
${PREDICT_PAIR}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let j = threadIndex(wg, grid, local);
  if (j >= params.batchSize) { return; }
  errors[j] = ratings[j] - predictPair(u32(batchRows[j]), u32(batchRows[params.batchSize + j]));
}
`;

export const GRADIENTS_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> errors: array<f32>;
// rowIds[rowCount], then rowOffsets[rowCount + 1], then (batch position, other row) pairs.
@group(0) @binding(3) var<storage, read> groups: array<i32>;
@group(0) @binding(4) var<storage, read_write> gradients: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  if (t >= params.rowCount * params.stride) { return; }
  let r = t / params.stride;
  let f = t % params.stride;
  let isBias = f == params.k;
  if (isBias && params.useBias == 0u) { gradients[t] = 0.0; return; }
  let row = u32(groups[r]);
  let first = u32(groups[params.rowCount + r]);
  let last = u32(groups[params.rowCount + r + 1u]);
  let pairs = 2u * params.rowCount + 1u;
  var sum = 0.0;
  for (var o = first; o < last; o++) {
    let j = u32(groups[pairs + 2u * o]);
    var x = 1.0;
    if (!isBias) { x = table[u32(groups[pairs + 2u * o + 1u]) * params.stride + f]; }
    sum += errors[j] * x;
  }
  let count = f32(last - first);
  let own = table[row * params.stride + f];
  gradients[t] = (-2.0 * sum + 2.0 * params.lambda * count * own) / f32(params.batchSize);
}
`;

export const UPDATE_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read_write> table: array<f32>;
@group(0) @binding(2) var<storage, read_write> firstMoment: array<f32>;
@group(0) @binding(3) var<storage, read_write> secondMoment: array<f32>;
@group(0) @binding(4) var<storage, read> groups: array<i32>;
@group(0) @binding(5) var<storage, read> gradients: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  if (t >= params.rowCount * params.stride) { return; }
  let r = t / params.stride;
  let f = t % params.stride;
  if (f == params.k && params.useBias == 0u) { return; }
  let at = u32(groups[r]) * params.stride + f;
  let g = gradients[t];
  if (params.useAdam == 1u) {
    // Adam as tfjs computes it (bias-corrected moments, ε outside the square root), applied
    // only to the rows this batch touched (LazyAdam).
    let m = params.beta1 * firstMoment[at] + (1.0 - params.beta1) * g;
    let v = params.beta2 * secondMoment[at] + (1.0 - params.beta2) * g * g;
    firstMoment[at] = m;
    secondMoment[at] = v;
    let mHat = m / params.biasCorrection1;
    let vHat = v / params.biasCorrection2;
    table[at] = table[at] - params.learningRate * mHat / (sqrt(vHat) + params.epsilon);
  } else {
    table[at] = table[at] - params.learningRate * g;
  }
}
`;

/** Clipped predictions for (user row, movie row) pairs, for evaluation. */
export const PREDICT_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> pairRows: array<i32>;   // users' rows, then movies' rows
@group(0) @binding(3) var<storage, read_write> predictions: array<f32>;
${THREAD_INDEX}
${PREDICT_PAIR}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let j = threadIndex(wg, grid, local);
  if (j >= params.batchSize) { return; }
  let predicted = predictPair(u32(pairRows[j]), u32(pairRows[params.batchSize + j]));
  predictions[j] = clamp(predicted, params.clipMin, params.clipMax);
}
`;

/** Byte size of Params, for the uniform buffers (kept from before MF_PARAMS). */
export const PARAMS_BYTES = MF_PARAMS.byteSize;

/** WebGPU's default limit on workgroups along one grid dimension. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** Records `pipeline` over `threads` threads, as THREAD_INDEX numbers them (nothing for 0). */
export function dispatchThreads(pass: GPUComputePassEncoder, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, threads: number): void {
  if (threads === 0) return;
  const workgroups = Math.ceil(threads / WORKGROUP_SIZE);
  const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIMENSION);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(x, Math.ceil(workgroups / x));
}

export interface MfPipelines {
  readonly errors: GPUComputePipeline;
  readonly gradients: GPUComputePipeline;
  readonly update: GPUComputePipeline;
  readonly predict: GPUComputePipeline;
}

/** Shaders are compiled once per device, not once per training (compiling is slow, and Dawn
 * on SwiftShader was seen to abort after a few rounds of recompiling the same pipelines). */
const pipelinesByDevice = new WeakMap<GPUDevice, MfPipelines>();

export function mfPipelines(device: GPUDevice): MfPipelines {
  let pipelines = pipelinesByDevice.get(device);
  if (!pipelines) {
    const compile = (code: string) =>
      device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    pipelines = {
      errors: compile(ERRORS_SHADER),
      gradients: compile(GRADIENTS_SHADER),
      update: compile(UPDATE_SHADER),
      predict: compile(PREDICT_SHADER),
    };
    pipelinesByDevice.set(device, pipelines);
  }
  return pipelines;
}
