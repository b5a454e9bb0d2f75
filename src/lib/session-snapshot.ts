import type { LoadedDataset, ModelInfo, RankerInfo } from '../worker/api';

/**
 * What the worker holds, as the page last heard it: the dataset and the model, each with the id
 * the worker gave it. Features key their questions on these ids, so an answer about an older
 * dataset or model is never shown.
 */
export interface SessionSnapshot {
  readonly dataset: LoadedDataset | undefined;
  readonly model: ModelInfo | undefined;
  /** The ranking model that orders picks by taste match, when there is one. */
  readonly ranker: RankerInfo | undefined;
}

export const EMPTY_SESSION: SessionSnapshot = { dataset: undefined, model: undefined, ranker: undefined };
