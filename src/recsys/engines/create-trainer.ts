import type { RatingColumns } from '../dataset';
import { MatrixFactorization } from '../models/matrix-factorization';
import { initialMfWeights, type MatrixFactorizationWeights } from '../models/mf-weights';
import { initialMlpWeights, MlpRecommender } from '../models/mlp';
import type { TrainingConfig } from '../training-config';
import { GibbsTrainer, type CpuRowSamplerFactory } from './gibbs-trainer';
import { TfjsTrainer } from './tfjs-trainer';
import type { Trainer } from './trainer';
import { DeviceTooSmallError } from './gpu-buffers';
import { WebGpuMfTrainer } from './webgpu-mf-trainer';

/** Standard deviation of the initial taste vectors. Small, so biases lead early and factors grow
 * only where ratings support them: on ml-latest-small 0.01 gave a best test RMSE of 0.842 where
 * 0.1 gave 0.848 (same settings otherwise; see docs/models.md, "Tuning"). */
export const MF_INIT_STD = 0.01;

export interface TrainerContext {
  readonly userCount: number;
  readonly movieCount: number;
  /** Mean of the training ratings (μ). */
  readonly globalMean: number;
  /** The tfjs WebGPU backend's device when that backend runs; enables the fused MF engine. */
  readonly gpuDevice?: GPUDevice;
  /** Start from these MF weights (a checkpoint) instead of the seeded initial ones. */
  readonly initialWeights?: MatrixFactorizationWeights;
  /** The ratings trained on: Bayesian MF groups them by row once (the other engines get batches). */
  readonly train: RatingColumns;
  /** Where Bayesian MF's CPU row draws run (the worker passes its threads); default: this thread. */
  readonly gibbsCpuSampler?: CpuRowSamplerFactory;
}

export interface CreatedTrainer {
  readonly trainer: Trainer;
  /** Why the fused engine was not used, when it could have been. */
  readonly note?: string;
}

/**
 * Picks the engine: Gibbs sampling gets the row sampler (WebGPU when there is a device, else the
 * CPU); MF and biased MF on WebGPU get the fused kernels; everything else (the MLP,
 * other backends, a model too big for the GPU's buffers) gets tfjs autodiff. Every engine starts
 * from the same seeded weights.
 */
export function createTrainer(config: TrainingConfig, context: TrainerContext): CreatedTrainer {
  const { userCount, movieCount, globalMean } = context;
  const optimizer = config.optimizer;
  if (optimizer === 'gibbs') {
    if (config.model !== 'biased-mf') throw new RangeError(`Gibbs sampling fits biased MF, not ${config.model}: choose Adam or SGD`);
    return { trainer: bayesianTrainer(config, context) };
  }
  if (config.model === 'mlp') {
    const shape = { userCount, movieCount, embeddingSize: config.factors, hiddenLayers: config.hiddenLayers };
    const mlp = new MlpRecommender(shape, initialMlpWeights(shape, globalMean, config.seed));
    return { trainer: new TfjsTrainer(mlp, optimizer, config.learningRate, config.regularization, config.batchSize) };
  }
  const useBias = config.model === 'biased-mf';
  const initial =
    context.initialWeights ??
    initialMfWeights({ userCount, movieCount, factors: config.factors }, useBias ? globalMean : 0, MF_INIT_STD, config.seed);
  let note: string | undefined;
  if (context.gpuDevice) {
    try {
      const trainer = new WebGpuMfTrainer(context.gpuDevice, initial, {
        useBias,
        optimizer,
        regularization: config.regularization,
        maxBatchSize: config.batchSize,
      });
      trainer.setLearningRate(config.learningRate);
      return { trainer };
    } catch (error) {
      if (!(error instanceof DeviceTooSmallError)) throw error;
      note = `Fused WebGPU engine not used: ${error.message}; training with tfjs autodiff instead.`;
    }
  }
  const model = MatrixFactorization.fromWeights(initial, useBias);
  return { trainer: new TfjsTrainer(model, optimizer, config.learningRate, config.regularization, config.batchSize), note };
}

/** Bayesian MF: row draws on the tfjs WebGPU backend's device when there is one, else on the CPU.
 * A checkpoint's weights (a posterior mean) start the chain; the average then starts anew. */
function bayesianTrainer(config: TrainingConfig, context: TrainerContext): GibbsTrainer {
  const { userCount, movieCount, globalMean, gpuDevice, initialWeights, train, gibbsCpuSampler } = context;
  const size = { userCount, movieCount };
  return new GibbsTrainer(train, size, config.factors, globalMean, config.seed, gpuDevice, initialWeights, gibbsCpuSampler);
}
