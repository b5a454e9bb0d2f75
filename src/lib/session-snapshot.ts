import type { LoadedDataset, ModelInfo } from '../worker/api';

/**
 * What the worker holds, as the page last heard it: the dataset and the model, each with the id
 * the worker gave it. Features key their questions on these ids, so an answer about an older
 * dataset or model is never shown.
 */
export interface SessionSnapshot {
  readonly dataset: LoadedDataset | undefined;
  readonly model: ModelInfo | undefined;
}

export const EMPTY_SESSION: SessionSnapshot = { dataset: undefined, model: undefined };
