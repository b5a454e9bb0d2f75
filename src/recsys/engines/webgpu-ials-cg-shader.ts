import { COMPONENTS, MAX_IALS_FACTORS, PARAMS, range } from './webgpu-ials-common';

/* The conjugate-gradient kernel of iALS: every row of one side in one dispatch (see webgpu-ials-kernels.ts). */

/**
 * How a CG workgroup is laid out. Every workgroup solves ROWS_PER_GROUP consecutive rows at once,
 * one row per vec4 component, so each Gram value loaded serves 4 rows and one barrier round
 * reduces 4 rows' dot products. `lanes` threads share the factors (thread `local` owns factors
 * local + lanes·j); `block` is how many of a thread's factors one pass over G (or over a chunk of
 * entries) sums at once, in registers.
 *
 * Two shapes exist because the two kinds of device want opposite things:
 * - wide (64 lanes, block 1), for GPUs: many threads per row, loads coalesced across lanes,
 *   few registers per thread.
 * - narrow (4 lanes, block 8), for CPU rasterisers such as SwiftShader (the only WebGPU of CI
 *   and of browsers without a GPU): there a workgroup is one 4-wide SIMD group on one CPU
 *   thread, every storage or workgroup load costs about as much as 4 scalar loads (a per-lane
 *   gather), and a workgroup of 64 runs as 16 coroutines switched at every barrier. Measured on
 *   ml-latest-small, k = 128: about 2.5× less CPU time per sweep than the wide shape there.
 * The math is the same; both are tested against the CPU reference.
 */
export interface SolverShape {
  readonly lanes: number;
  readonly block: number;
}
export type SolverKind = 'wide' | 'narrow';
export const SOLVER_SHAPES: Readonly<Record<SolverKind, SolverShape>> = {
  wide: { lanes: 64, block: 1 },
  narrow: { lanes: 4, block: 8 },
};
/** Rows one CG workgroup solves: the components of a vec4. */
export const ROWS_PER_GROUP = 4;
/** Entries whose weighted dot products one barrier round computes. */
const ENTRY_CHUNK = 64;
/** A loop over this thread's slots j < slots = ⌈k / LANES⌉: bounded by the constant SLOTS, so that
 * a GPU compiler can unroll it and keep the slot arrays in registers. */
const EACH_SLOT = 'for (var j = 0u; j < SLOTS; j++) { if (j == slots) { break; }';

/**
 * Warm-started CG on each row's system (α0 G + λ_r I + Σ_e w_e y_e y_eᵀ) x = Σ_e w_e y_e, step for
 * step as conjugateGradientSide, for 4 rows per workgroup (see SolverShape). x, residual,
 * direction and product are per-thread vec4 slots (component i: row firstRow + i); the vectors A
 * multiplies live in workgroup memory (operand[f]: factor f of the 4 rows, one vec4 load on a GPU)
 * because every thread reads all of them.
 * The 4 rows' entries are consecutive in the CSR, so they are walked as one range, in chunks.
 *
 * Uniformity: barriers sit only in loops whose bounds are uniform (steps from the uniform, entry
 * ranges from read-only storage at the workgroup's index). Workgroup sums are read back by every
 * thread in the same order, so every thread holds the same bits; a row whose residual norm is
 * spent (≤ 1e-20, where the CPU's loop stops) gets α = β = 0 instead of leaving the loop. The two
 * sums buffers alternate, so a sum is never overwritten while a slow thread still reads it (a
 * barrier of the other buffer, or of the operand, lies between).
 */
export function conjugateGradientShader({ lanes, block }: SolverShape): string {
  const slots = MAX_IALS_FACTORS / lanes;
  const blocked = range(block);
  const rows = range(ROWS_PER_GROUP);
  const inSlot = (m: number) => `j0 + ${m}u < slots && local + (j0 + ${m}u) * LANES < k`;
  return /* wgsl */ `
${PARAMS}
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read> columns: array<u32>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read> other: array<f32>;
@group(0) @binding(5) var<storage, read> gram: array<f32>;
@group(0) @binding(6) var<storage, read_write> table: array<f32>;

const LANES = ${lanes}u;
const SLOTS = ${slots}u;
const BLOCK = ${block}u;
const CHUNK = ${ENTRY_CHUNK}u;
const MAX_K = ${MAX_IALS_FACTORS}u;
var<workgroup> operand: array<vec4f, MAX_K>;
var<workgroup> entryScales: array<f32, CHUNK>;
var<workgroup> entryBases: array<u32, CHUNK>;
var<workgroup> sumsA: array<vec4f, LANES>;
var<workgroup> sumsB: array<vec4f, LANES>;
var<private> x: array<vec4f, SLOTS>;
var<private> residual: array<vec4f, SLOTS>;
var<private> direction: array<vec4f, SLOTS>;
var<private> product: array<vec4f, SLOTS>;
/** Row firstRow + i has entries bounds[i] .. bounds[i + 1] − 1. */
var<private> bounds: array<u32, ${ROWS_PER_GROUP + 1}>;

${['A', 'B']
  .map(
    (buffer) => `fn sum${buffer}(value: vec4f, local: u32) -> vec4f {
  sums${buffer}[local] = value;
  workgroupBarrier();
  var total = vec4f(0.0);
  for (var t = 0u; t < LANES; t++) { total += sums${buffer}[t]; }
  return total;
}`,
  )
  .join('\n')}

/** λ (n + α0 · otherCount)^ν, with 0^0 = 1 as in JavaScript (WGSL's pow(0, 0) is undefined). */
fn rowRegularization(count: u32) -> f32 {
  let base = f32(count) + params.unobservedWeight * f32(params.otherCount);
  if (params.frequencyExponent == 0.0) { return params.regularization; }
  if (base <= 0.0) { return 0.0; }
  return params.regularization * pow(base, params.frequencyExponent);
}

/** product = α0 G v + λ v for this thread's factors (v: the operand, written and barriered). */
fn gramPart(ridge: vec4f, local: u32, slots: u32) {
  let k = params.k;
  let last = k - 1u;
  for (var j0 = 0u; j0 < slots; j0 += BLOCK) {
    ${blocked.map((m) => `let a${m} = min(local + (j0 + ${m}u) * LANES, last);\n    var sum${m} = vec4f(0.0);`).join('\n    ')}
    for (var b = 0u; b < k; b++) {
      let v = operand[b];
      // G is symmetric: reading column a of row b makes the lanes' loads consecutive.
      let row = b * k;
      ${blocked.map((m) => `sum${m} += gram[row + a${m}] * v;`).join('\n      ')}
    }
    ${blocked.map((m) => `if (${inSlot(m)}) { product[j0 + ${m}u] = params.unobservedWeight * sum${m} + ridge * operand[a${m}]; }`).join('\n    ')}
  }
}

/** product += Σ_e s_e y_e per row: s_e = w_e (y_e · v) with dots, else s_e = w_e (for b). */
fn entryPass(dots: bool, start: u32, end: u32, local: u32, slots: u32) {
  let k = params.k;
  let last = k - 1u;
  for (var first = start; first < end; first += CHUNK) {
    let n = min(CHUNK, end - first);
    for (var i = local; i < n; i += LANES) {
      let e = first + i;
      let base = columns[e] * k;
      var scale = weights[e];
      if (dots) {
        let row = u32(e >= bounds[1]) + u32(e >= bounds[2]) + u32(e >= bounds[3]);
        var dot = 0.0;
        for (var f = 0u; f < k; f++) { dot += other[base + f] * operand[f][row]; }
        scale *= dot;
      }
      entryScales[i] = scale;
      entryBases[i] = base;
    }
    workgroupBarrier();
    for (var j0 = 0u; j0 < slots; j0 += BLOCK) {
      ${blocked.map((m) => `let f${m} = min(local + (j0 + ${m}u) * LANES, last);\n      var sum${m} = vec4f(0.0);`).join('\n      ')}
      ${rows
        .map(
          (r) => `for (var t = clamp(bounds[${r}], first, first + n) - first; t < clamp(bounds[${r + 1}], first, first + n) - first; t++) {
        let scale = entryScales[t];
        let base = entryBases[t];
        ${blocked.map((m) => `sum${m}.${COMPONENTS[r]} += scale * other[base + f${m}];`).join('\n        ')}
      }`,
        )
        .join('\n      ')}
      ${blocked.map((m) => `if (${inSlot(m)}) { product[j0 + ${m}u] += sum${m}; }`).join('\n      ')}
    }
    workgroupBarrier();
  }
}

fn writeOperand(v: ptr<private, array<vec4f, SLOTS>>, local: u32, slots: u32) {
  ${EACH_SLOT}
    let f = local + j * LANES;
    if (f < params.k) { operand[f] = (*v)[j]; }
  }
}

@compute @workgroup_size(LANES)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) grid: vec3u, @builtin(local_invocation_index) local: u32) {
  let firstRow = (wg.y * grid.x + wg.x) * ${ROWS_PER_GROUP}u;
  if (firstRow >= params.rowCount) { return; }
  let k = params.k;
  let slots = (k + LANES - 1u) / LANES;
  ${range(ROWS_PER_GROUP + 1)
    .map((i) => `bounds[${i}] = offsets[min(firstRow + ${i}u, params.rowCount)];`)
    .join('\n  ')}
  let start = offsets[firstRow];
  let end = offsets[min(firstRow + ${ROWS_PER_GROUP}u, params.rowCount)];
  let ridge = vec4f(${rows.map((i) => `rowRegularization(bounds[${i + 1}] - bounds[${i}])`).join(', ')});
  // Rows past the table (the last group's) stay 0 throughout: no entries, residual 0.
  let valid = vec4u(firstRow) + vec4u(0u, 1u, 2u, 3u) < vec4u(params.rowCount);
  ${EACH_SLOT}
    let f = local + j * LANES;
    if (f < k) {
      ${rows.map((i) => `if (valid.${COMPONENTS[i]}) { x[j].${COMPONENTS[i]} = table[(firstRow + ${i}u) * k + f]; }`).join('\n      ')}
    }
  }
  // b = Σ w y (product starts at 0), then r0 = b − A x0.
  entryPass(false, start, end, local, slots);
  ${EACH_SLOT}
    residual[j] = product[j];
  }
  writeOperand(&x, local, slots);
  workgroupBarrier();
  gramPart(ridge, local, slots);
  entryPass(true, start, end, local, slots);
  var norm = vec4f(0.0);
  ${EACH_SLOT}
    residual[j] -= product[j];
    direction[j] = residual[j];
    norm += residual[j] * residual[j];
  }
  var residualNorm = sumB(norm, local);
  // After that barrier nobody reads the operand (x) any more.
  writeOperand(&direction, local, slots);
  for (var step = 0u; step < params.steps; step++) {
    let moving = residualNorm > vec4f(1e-20);
    workgroupBarrier();
    gramPart(ridge, local, slots);
    entryPass(true, start, end, local, slots);
    var curvature = vec4f(0.0);
    ${EACH_SLOT}
      curvature += direction[j] * product[j];
    }
    let alpha = select(vec4f(0.0), residualNorm / max(sumA(curvature, local), vec4f(1e-30)), moving);
    var next = vec4f(0.0);
    ${EACH_SLOT}
      x[j] += alpha * direction[j];
      residual[j] -= alpha * product[j];
      next += residual[j] * residual[j];
    }
    let nextNorm = sumB(next, local);
    let beta = select(vec4f(0.0), nextNorm / residualNorm, moving);
    // The next step's operand, written here: every thread's reads of this step's ended before
    // sumB's barrier, and the barrier at the top of the loop publishes the writes.
    ${EACH_SLOT}
      let value = residual[j] + beta * direction[j];
      direction[j] = value;
      let f = local + j * LANES;
      if (f < k) { operand[f] = value; }
    }
    residualNorm = select(residualNorm, nextNorm, moving);
  }
  ${EACH_SLOT}
    let f = local + j * LANES;
    if (f < k) {
      ${rows.map((i) => `if (valid.${COMPONENTS[i]}) { table[(firstRow + ${i}u) * k + f] = x[j].${COMPONENTS[i]}; }`).join('\n      ')}
    }
  }
}
`;
}
