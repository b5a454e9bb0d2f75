import { uniformStruct } from './uniform-struct';
import { WORKGROUP_SIZE } from './webgpu-mf-kernels';

/*
 * The WebGPU kernel of Bayesian MF (models/bayesian-mf.ts): one thread draws one row of one side
 * from its Gaussian conditional, exactly as sampleRow does on the CPU (same noise, float32):
 *   P = Λ + α Σ_e y_e y_eᵀ,  h = Λm + α Σ_e (r_e − μ − bias_e) y_e,  P = L Lᵀ,  x = L⁻ᵀ (L⁻¹ h + z).
 * P is built and factorised in place as a packed lower triangle in a storage scratch buffer
 * (WGSL caps a thread's private memory at 8 KiB, which k = 64 already exceeds); the triangle's
 * value t of thread i lies at t · chunkRows + i, so that neighbouring threads touch neighbouring
 * words. Rows are drawn in chunks of at most `chunkRows` (one dispatch each) to bound the scratch.
 * A thread does O(n_r w² + w³) work for w = k + 1: the same count as the CPU reference, with no
 * barrier; the per-row work differs with n_r, which a GPU absorbs across its many threads.
 */

export const GIBBS_PARAMS = uniformStruct('Params', [
  ['rowCount', 'u32'],
  ['firstRow', 'u32'],
  ['chunkRows', 'u32'],
  ['seed', 'u32'],
  ['ratingPrecision', 'f32'],
] as const);

/** The hash and the normal draw of models/bayesian-mf.ts (hash32, rowNoise), in WGSL. */
const NOISE = /* wgsl */ `
fn hash32(value: u32) -> u32 {
  var h = value;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
fn unitOf(h: u32) -> f32 {
  return (f32(h >> 8u) + 0.5) / 16777216.0;
}
fn rowNoise(seed: u32, row: u32, d: u32) -> f32 {
  let base = hash32(seed ^ hash32(row));
  let u1 = unitOf(hash32(base ^ (2u * d)));
  let u2 = unitOf(hash32(base ^ (2u * d + 1u)));
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
`;

/** The row sampler for rows of `width` = k + 1 values ([factors, bias]). */
export function gibbsRowShader(width: number): string {
  return /* wgsl */ `
${GIBBS_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read> columns: array<u32>;
@group(0) @binding(3) var<storage, read> residuals: array<f32>;
@group(0) @binding(4) var<storage, read> other: array<f32>;
// Λ (width × width, row-major), then Λm (width).
@group(0) @binding(5) var<storage, read> prior: array<f32>;
@group(0) @binding(6) var<storage, read_write> table: array<f32>;
@group(0) @binding(7) var<storage, read_write> scratch: array<f32>;

const W = ${width}u;
var<private> y: array<f32, W>;
var<private> h: array<f32, W>;
${NOISE}
fn tri(i: u32, j: u32) -> u32 {
  return i * (i + 1u) / 2u + j;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) workgroup: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) local: u32) {
  let lane = (workgroup.y * groups.x + workgroup.x) * ${WORKGROUP_SIZE}u + local;
  if (lane >= params.rowCount) {
    return;
  }
  let row = params.firstRow + lane;
  let stride = params.chunkRows;
  let alpha = params.ratingPrecision;
  for (var i = 0u; i < W; i++) {
    h[i] = prior[W * W + i];
    for (var j = 0u; j <= i; j++) {
      scratch[tri(i, j) * stride + lane] = prior[i * W + j];
    }
  }
  for (var e = offsets[row]; e < offsets[row + 1u]; e++) {
    let base = columns[e] * W;
    for (var i = 0u; i + 1u < W; i++) {
      y[i] = other[base + i];
    }
    y[W - 1u] = 1.0;
    let residual = residuals[e] - other[base + W - 1u];
    for (var i = 0u; i < W; i++) {
      let yi = alpha * y[i];
      h[i] += yi * residual;
      for (var j = 0u; j <= i; j++) {
        let at = tri(i, j) * stride + lane;
        scratch[at] += yi * y[j];
      }
    }
  }
  // Cholesky in place: the triangle becomes L.
  for (var j = 0u; j < W; j++) {
    var diagonal = scratch[tri(j, j) * stride + lane];
    for (var p = 0u; p < j; p++) {
      let ljp = scratch[tri(j, p) * stride + lane];
      diagonal -= ljp * ljp;
    }
    let ljj = sqrt(max(diagonal, 1e-12));
    scratch[tri(j, j) * stride + lane] = ljj;
    for (var i = j + 1u; i < W; i++) {
      var sum = scratch[tri(i, j) * stride + lane];
      for (var p = 0u; p < j; p++) {
        sum -= scratch[tri(i, p) * stride + lane] * scratch[tri(j, p) * stride + lane];
      }
      scratch[tri(i, j) * stride + lane] = sum / ljj;
    }
  }
  // L w = h, then w += z, then Lᵀ x = w (x overwrites h from the last value up).
  for (var i = 0u; i < W; i++) {
    var sum = h[i];
    for (var p = 0u; p < i; p++) {
      sum -= scratch[tri(i, p) * stride + lane] * h[p];
    }
    h[i] = sum / scratch[tri(i, i) * stride + lane];
  }
  // The noise only after the whole forward solve: it must not enter later rows of L w = h.
  for (var i = 0u; i < W; i++) {
    h[i] += rowNoise(params.seed, row, i);
  }
  for (var back = 0u; back < W; back++) {
    let i = W - 1u - back;
    var sum = h[i];
    for (var p = i + 1u; p < W; p++) {
      sum -= scratch[tri(p, i) * stride + lane] * h[p];
    }
    h[i] = sum / scratch[tri(i, i) * stride + lane];
  }
  for (var i = 0u; i < W; i++) {
    table[row * W + i] = h[i];
  }
}
`;
}
