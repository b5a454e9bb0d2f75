import { uniformStruct } from './uniform-struct';

/**
 * WGSL for the fused matrix-factorization step. One table T holds every parameter row: user u
 * is row u, movie i is row U + i; a row is k factors then the bias (stride s = k + 1). So
 *
 *   r̂_j = μ + T[u_j, k] + T[U + i_j, k] + Σ_{f<k} T[u_j, f] · T[U + i_j, f]
 *
 * A step is two dispatches, neither of which grows with the table:
 *   1. gather:  e_j = r_j − r̂_j, and a snapshot of both rows of rating j as they are before
 *               the step: S[2j] = T[u_j], S[2j + 1] = T[U + i_j], with e_j in both bias slots
 *                                                                  (one thread per rating)
 *   2. update:  g[r, f] = (1/B) Σ_{j∈r} (−2 e_j x_jf) + (2λ n_r / B) T[r, f], with x_jf the
 *               other row's factor f from the snapshot (1 for the bias), n_r the row's ratings;
 *               then Adam (lazy: touched rows only) or SGD on T[r, f]
 *                  (threadsPerRow threads per touched row, each a few vec4s of its columns)
 * Rows are padded with zeros to a multiple of 4 floats (webgpu-mf-table.ts), so the update pass
 * reads and writes vec4s; the padding never moves (no gradient reaches it).
 * The snapshot is what lets gradient and update share a dispatch: a thread reads other rows
 * only from S, never from T, which other threads of the same dispatch are writing. So the step
 * is still the exact mini-batch gradient of the loss in docs/notation.md, as autodiff gives.
 *
 * A step's batch, its row groups and its uniform are planned on the CPU for many steps at once
 * (webgpu-mf-plan.ts) and uploaded in large pieces; each step picks its piece through its
 * uniform's dynamic offset, so recording a step is two dispatches and nothing else.
 */

/** The uniform every MF kernel reads: its WGSL and the host's writer come from this table. */
export const MF_PARAMS = uniformStruct('Params', [
  ['k', 'u32'],
  ['stride', 'u32'],
  ['batchSize', 'u32'],
  ['rowCount', 'u32'],
  /** Update threads per row: thread c of a row takes columns c, c + this, c + 2·this, … */
  ['threadsPerRow', 'u32'],
  /** Where this step's (user rows, then movie rows) begin in the plan's pair buffer. */
  ['pairOffset', 'u32'],
  /** Where this step's ratings begin in the plan's rating buffer. */
  ['ratingOffset', 'u32'],
  /** Where this step's row groups begin in the plan's group buffer. */
  ['groupOffset', 'u32'],
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

export const GATHER_SHADER = /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> pairRows: array<i32>;   // per step: users' rows, then movies' rows
@group(0) @binding(3) var<storage, read> ratings: array<f32>;
@group(0) @binding(4) var<storage, read_write> snapshot: array<f32>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let j = threadIndex(wg, grid, local);
  if (j >= params.batchSize) { return; }
  let user = u32(pairRows[params.pairOffset + j]) * params.stride;
  let movie = u32(pairRows[params.pairOffset + params.batchSize + j]) * params.stride;
  let userCopy = 2u * j * params.stride;
  let movieCopy = userCopy + params.stride;
  // The same sum, in the same order, as predictPair.
  var predicted = params.mu + table[user + params.k] + table[movie + params.k];
  for (var f = 0u; f < params.k; f++) {
    let p = table[user + f];
    let q = table[movie + f];
    predicted += p * q;
    snapshot[userCopy + f] = p;
    snapshot[movieCopy + f] = q;
  }
  let error = ratings[params.ratingOffset + j] - predicted;
  snapshot[userCopy + params.k] = error;
  snapshot[movieCopy + params.k] = error;
}
`;

/** vec4s of a row an update thread sums in one pass over the row's occurrences (its private sums). */
export const MAX_QUADS_PER_PASS = 4;

export const UPDATE_SHADER = /* wgsl */ `
${PARAMS}
// The table, moments and snapshot as vec4s: rows are padded to a multiple of 4 floats (stride).
@group(0) @binding(1) var<storage, read_write> table: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> firstMoment: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> secondMoment: array<vec4f>;
// Per step: rowIds[rowCount], rowOffsets[rowCount + 1], then for each occurrence the snapshot
// row of the other side of its rating (2j + 1 for a user row, 2j for a movie row).
@group(0) @binding(4) var<storage, read> groups: array<i32>;
@group(0) @binding(5) var<storage, read> snapshot: array<vec4f>;
${THREAD_INDEX}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let t = threadIndex(wg, grid, local);
  let perRow = params.threadsPerRow;
  if (t >= params.rowCount * perRow) { return; }
  let r = t / perRow;
  let first = t % perRow;
  let base = params.groupOffset;
  let row = u32(groups[base + r]);
  let begin = u32(groups[base + params.rowCount + r]);
  let end = u32(groups[base + params.rowCount + r + 1u]);
  let others = base + 2u * params.rowCount + 1u;
  let count = f32(end - begin);
  let quads = params.stride / 4u;
  // The bias is component k % 4 of vec4 k / 4: its x is 1, and it stays put without biases.
  let biasQuad = params.k / 4u;
  let biasLane = vec4u(0u, 1u, 2u, 3u) == vec4u(params.k % 4u);
  let frozen = biasLane & vec4<bool>(params.useBias == 0u);
  // vec4s first, first + perRow, …: neighbouring threads read neighbouring memory. Taken
  // ${MAX_QUADS_PER_PASS} at a time (the private sums), each group one pass over the occurrences.
  let span = perRow * ${MAX_QUADS_PER_PASS}u;
  var sums: array<vec4f, ${MAX_QUADS_PER_PASS}>;
  for (var chunk = first; chunk < quads; chunk += span) {
    for (var c = 0u; c < ${MAX_QUADS_PER_PASS}u; c++) { sums[c] = vec4f(0.0); }
    for (var o = begin; o < end; o++) {
      let other = u32(groups[others + o]) * quads;
      let error = snapshot[other + biasQuad][params.k % 4u];
      for (var c = 0u; c < ${MAX_QUADS_PER_PASS}u; c++) {
        let q = chunk + c * perRow;
        if (q >= quads) { break; }
        var x = snapshot[other + q];
        if (q == biasQuad) { x = select(x, vec4f(1.0), biasLane); }
        sums[c] += error * x;
      }
    }
    for (var c = 0u; c < ${MAX_QUADS_PER_PASS}u; c++) {
      let q = chunk + c * perRow;
      if (q >= quads) { break; }
      let at = row * quads + q;
      let own = table[at];
      // Padding floats stay 0: no gradient (x and own are 0), so no step either.
      let g = (-2.0 * sums[c] + 2.0 * params.lambda * count * own) / f32(params.batchSize);
      var next: vec4f;
      if (params.useAdam == 1u) {
        // Adam as tfjs computes it (bias-corrected moments, ε outside the square root), applied
        // only to the rows this batch touched (LazyAdam).
        let m = params.beta1 * firstMoment[at] + (1.0 - params.beta1) * g;
        let v = params.beta2 * secondMoment[at] + (1.0 - params.beta2) * g * g;
        firstMoment[at] = m;
        secondMoment[at] = v;
        let mHat = m / params.biasCorrection1;
        let vHat = v / params.biasCorrection2;
        next = own - params.learningRate * mHat / (sqrt(vHat) + params.epsilon);
      } else {
        next = own - params.learningRate * g;
      }
      if (q == biasQuad) { next = select(next, own, frozen); }
      table[at] = next;
    }
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
export function dispatchThreads(
  pass: GPUComputePassEncoder,
  pipeline: GPUComputePipeline,
  bindGroup: GPUBindGroup,
  threads: number,
  dynamicOffsets?: readonly number[],
): void {
  if (threads === 0) return;
  const workgroups = Math.ceil(threads / WORKGROUP_SIZE);
  const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIMENSION);
  pass.setPipeline(pipeline);
  // Never an explicit undefined: Chromium then counts three arguments and fails to convert
  // undefined to the offsets' sequence ("The provided value cannot be converted to a
  // sequence"), seen intermittently once the call site was optimised.
  if (dynamicOffsets) pass.setBindGroup(0, bindGroup, dynamicOffsets);
  else pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(x, Math.ceil(workgroups / x));
}

export interface MfPipelines {
  readonly gather: GPUComputePipeline;
  readonly update: GPUComputePipeline;
  readonly predict: GPUComputePipeline;
  /** The step pipelines' layout: binding 0 (the step's uniform) has a dynamic offset. */
  readonly gatherLayout: GPUBindGroupLayout;
  readonly updateLayout: GPUBindGroupLayout;
}

/** Shaders are compiled once per device, not once per training (compiling is slow, and Dawn
 * on SwiftShader was seen to abort after a few rounds of recompiling the same pipelines). */
const pipelinesByDevice = new WeakMap<GPUDevice, MfPipelines>();

export function mfPipelines(device: GPUDevice): MfPipelines {
  let pipelines = pipelinesByDevice.get(device);
  if (!pipelines) {
    const module = (code: string) => device.createShaderModule({ code });
    const stepLayout = (storage: readonly GPUBufferBindingType[]) =>
      device.createBindGroupLayout({
        entries: [
          { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
          ...storage.map((type, i) => ({ binding: i + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
        ],
      });
    const gatherLayout = stepLayout(['read-only-storage', 'read-only-storage', 'read-only-storage', 'storage']);
    const updateLayout = stepLayout(['storage', 'storage', 'storage', 'read-only-storage', 'read-only-storage']);
    const compile = (code: string, layout: GPUBindGroupLayout) =>
      device.createComputePipeline({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module: module(code), entryPoint: 'main' },
      });
    pipelines = {
      gather: compile(GATHER_SHADER, gatherLayout),
      update: compile(UPDATE_SHADER, updateLayout),
      predict: device.createComputePipeline({ layout: 'auto', compute: { module: module(PREDICT_SHADER), entryPoint: 'main' } }),
      gatherLayout,
      updateLayout,
    };
    pipelinesByDevice.set(device, pipelines);
  }
  return pipelines;
}
