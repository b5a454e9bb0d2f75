import { ialsIteration, ialsScores, type IalsConfig, type IalsModel, type IalsTrainingData } from '../models/ials';
import { DeviceTooSmallError } from './gpu-buffers';
import { WebGpuIalsTrainer } from './webgpu-ials-trainer';

/** webgpu-ials: the WGSL solver (webgpu-ials-kernels.ts); cpu-ials: the reference in models/ials.ts. */
export type RankerEngineName = 'webgpu-ials' | 'cpu-ials';

/** What the ranking model's loop needs of an engine: a sweep at a time, scores for a few users. */
export interface RankerTrainer {
  readonly engine: RankerEngineName;
  /** GPU compute dispatches queued so far (0 on the CPU). */
  readonly dispatchCount: number;
  /** Queues one sweep (every user, then every movie); `onHalfDone` once each half has run. */
  iterate(onHalfDone?: (half: 0 | 1) => void): void;
  /** Resolves once every queued sweep has run. */
  finished(): Promise<void>;
  /** p_uᵀq_i of each of `users` (user indices) for every movie, row-major. */
  scoreUsers(users: Int32Array): Promise<Float32Array>;
  readModel(): Promise<IalsModel>;
  dispose(): void;
}

/** p_uᵀq_i of each of `users` for every movie, row-major: the CPU engines' scoreUsers. */
export function scoreUsersOf(model: IalsModel, users: Int32Array): Float32Array {
  const { movieCount, factors: k } = model;
  const out = new Float32Array(users.length * movieCount);
  users.forEach((user, s) => out.set(ialsScores(model, model.userFactors.subarray(user * k, (user + 1) * k)), s * movieCount));
  return out;
}

/** A copy of the model whose tables later sweeps do not change: the CPU engines' readModel. */
export function copyOfModel(model: IalsModel): IalsModel {
  return { ...model, userFactors: model.userFactors.slice(), movieFactors: model.movieFactors.slice() };
}

/** The CPU reference as an engine: for the CPU and WebGL backends, and models too big for the GPU's buffers. */
export class CpuIalsTrainer implements RankerTrainer {
  readonly engine = 'cpu-ials';
  readonly dispatchCount = 0;
  private readonly model: IalsModel;

  constructor(
    private readonly data: IalsTrainingData,
    private readonly config: IalsConfig,
    initial: { readonly userFactors: Float32Array; readonly movieFactors: Float32Array },
  ) {
    this.model = {
      userCount: data.userCount,
      movieCount: data.movieCount,
      factors: config.factors,
      userFactors: initial.userFactors,
      movieFactors: initial.movieFactors,
      meanRating: data.meanRating,
    };
  }

  iterate(onHalfDone?: (half: 0 | 1) => void): void {
    ialsIteration(this.model, this.data, this.config, onHalfDone);
  }

  async finished(): Promise<void> {
    // Sweeps run synchronously in iterate().
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    return scoreUsersOf(this.model, users);
  }

  async readModel(): Promise<IalsModel> {
    return copyOfModel(this.model);
  }

  dispose(): void {
    // Plain arrays: nothing to free.
  }
}

/** Makes the CPU engine: the reference on this thread, or (the worker's) the same sweeps on every core. */
export type CpuRankerEngine = (
  data: IalsTrainingData,
  config: IalsConfig,
  initial: { readonly userFactors: Float32Array; readonly movieFactors: Float32Array },
) => RankerTrainer;

const oneThread: CpuRankerEngine = (data, config, initial) => new CpuIalsTrainer(data, config, initial);

/** The WGSL engine on `device` when there is one and the model fits its buffers, else the CPU
 * engine (`cpuEngine`, by default the reference on this thread); `note` says why the GPU is not used. */
export function createRankerTrainer(
  device: GPUDevice | undefined,
  data: IalsTrainingData,
  config: IalsConfig,
  initial: { readonly userFactors: Float32Array; readonly movieFactors: Float32Array },
  cpuEngine: CpuRankerEngine = oneThread,
): { trainer: RankerTrainer; note: string | undefined } {
  if (!device) return { trainer: cpuEngine(data, config, initial), note: 'no WebGPU device: iALS runs on the CPU' };
  try {
    return { trainer: new WebGpuIalsTrainer(device, data, config, initial), note: undefined };
  } catch (error) {
    if (!(error instanceof DeviceTooSmallError)) throw error;
    return { trainer: cpuEngine(data, config, initial), note: `iALS runs on the CPU: ${error.message}` };
  }
}
