import { uniformStruct } from './uniform-struct';
import { WORKGROUP_SIZE } from './webgpu-mf-kernels';

/* What every iALS kernel shares: the uniform, the thread index, small WGSL-writing helpers. */

/** The largest k the CG kernel holds (its per-thread slots and the shared vectors are sized for it). */
export const MAX_IALS_FACTORS = 256;

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

export const PARAMS = /* wgsl */ `
${IALS_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
`;

/** Linear thread index over a 2-D grid of workgroups, as dispatchThreads lays them out. */
export const THREAD_INDEX = /* wgsl */ `
fn threadIndex(workgroup: vec3u, groups: vec3u, local: u32) -> u32 {
  return (workgroup.y * groups.x + workgroup.x) * ${WORKGROUP_SIZE}u + local;
}
`;

export const range = (count: number) => Array.from({ length: count }, (_, i) => i);
export const COMPONENTS = ['x', 'y', 'z', 'w'] as const;
