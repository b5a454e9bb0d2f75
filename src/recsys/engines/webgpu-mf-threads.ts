/** How the MF update kernel's work is cut into threads on this device (measured below). */
import { isSoftwareDevice } from './webgpu-ials-kernels';

/**
 * Columns per update thread (in whole vec4s). A GPU wants many light threads (one vec4 each
 * keeps every lane busy); SwiftShader runs invocations on CPU cores, where each one has a fixed
 * cost: there 16 columns a thread made a 1,024-rating epoch of ml-latest-small (k 64, Dawn in
 * Node, alternated in one run) take 0.76–1.0 s against 1.3–1.9 s with 4 (and 2.6–3.0 s with one
 * scalar column a thread); a whole row per thread was no faster than 16.
 */
export function columnsPerUpdateThread(device: GPUDevice): number {
  return isSoftwareDevice(device) ? SOFTWARE_COLUMNS_PER_THREAD : 1;
}
const SOFTWARE_COLUMNS_PER_THREAD = 16;
