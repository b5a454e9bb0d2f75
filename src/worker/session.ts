import type { Dataset } from '../recsys/dataset';
import { DatasetIndexes } from '../recsys/dataset-indexes';
import { MfRecommenderModel, type RecommenderModel } from '../recsys/engines/trainer';
import type { ModelFile } from '../recsys/model-file';
import type { MatrixFactorizationWeights } from '../recsys/models/mf-weights';
import { gramMatrix, ialsScores, type IalsConfig, type IalsModel } from '../recsys/models/ials';
import { meanTaste } from '../recsys/question-deck';
import type { RankerFile } from '../recsys/ranker-file';
import type { TrainingConfig } from '../recsys/training-config';
import type { ModelInfo, RankerInfo } from './api';

/** The dataset the worker holds, with what is built from it and the person's ratings of it. */
export interface LoadedData {
  readonly id: number;
  readonly dataset: Dataset;
  readonly indexes: DatasetIndexes;
  /** Identifies the data in storage (undefined for a given split, which is not stored). */
  readonly fingerprint: string | undefined;
  /** The person's own ratings: MovieLens movieId → rating. */
  readonly myRatings: Map<number, number>;
  /** Movies the person answered "Haven't seen" in the question deck (MovieLens ids): not asked again. */
  readonly notSeen: Set<number>;
}

/** The model the worker holds: the model, the settings that made it and its file. */
export interface CurrentModel {
  readonly model: RecommenderModel;
  /** Fold-in uses its λ. */
  readonly config: TrainingConfig;
  /** The model as a file (for export and storage); undefined for the MLP, which has none. */
  readonly file: ModelFile | undefined;
  readonly info: ModelInfo;
}

/** The ranking model the worker holds (iALS): it orders Top picks and For you. */
export interface CurrentRanker {
  readonly model: IalsModel;
  readonly config: IalsConfig;
  readonly file: RankerFile;
  readonly info: RankerInfo;
  /** QᵀQ of the movie factors, computed once: every fold-in needs it. */
  movieGram(): Float64Array;
  /** The mean trained user's scores of every movie, computed once: the question deck needs them. */
  meanTasteScores(): Float32Array;
}

/** An MF model, with what fold-in and explanations need of it. */
export interface CurrentMfModel extends CurrentModel {
  readonly model: MfRecommenderModel;
  readonly weights: MatrixFactorizationWeights;
  /** Whether r̂ has bias terms (biased MF) or is p_uᵀq_i alone. */
  readonly useBias: boolean;
}

/**
 * The only mutable state of the worker. The dataset and the model are each replaced in one
 * call; a new dataset drops the model (and any checkpoint), so the two never disagree.
 */
export class Session {
  private loaded: LoadedData | undefined;
  private current: CurrentModel | undefined;
  private currentRanker: CurrentRanker | undefined;
  /** The last saved epoch of the training running or failed: what Resume starts from. */
  private lastCheckpoint: ModelFile | undefined;
  private lastId = 0;
  /** The background save of the last import into storage (false: it could not be saved). */
  datasetSaved: Promise<boolean> = Promise.resolve(false);

  get data(): LoadedData | undefined {
    return this.loaded;
  }

  get model(): CurrentModel | undefined {
    return this.current;
  }

  get ranker(): CurrentRanker | undefined {
    return this.currentRanker;
  }

  get checkpoint(): ModelFile | undefined {
    return this.lastCheckpoint;
  }

  /** The current model when it is MF (taste vectors, fold-in, export); undefined otherwise. */
  get mfModel(): CurrentMfModel | undefined {
    const current = this.current;
    if (!current || !(current.model instanceof MfRecommenderModel)) return undefined;
    return { ...current, model: current.model, weights: current.model.weights, useBias: current.model.kind === 'biased-mf' };
  }

  /** Makes `dataset` current; the model and checkpoint of the previous one go. */
  replaceDataset(
    dataset: Dataset,
    fingerprint: string | undefined,
    myRatings: Map<number, number>,
    notSeen: Set<number> = new Set(),
  ): LoadedData {
    this.replaceModel(undefined);
    this.replaceRanker(undefined);
    this.lastCheckpoint = undefined;
    this.loaded = { id: ++this.lastId, dataset, indexes: new DatasetIndexes(dataset), fingerprint, myRatings, notSeen };
    return this.loaded;
  }

  clearDataset(): void {
    this.replaceModel(undefined);
    this.replaceRanker(undefined);
    this.lastCheckpoint = undefined;
    this.loaded = undefined;
    this.datasetSaved = Promise.resolve(false);
  }

  /** Makes a model current (the previous one is disposed) and answers its description. */
  replaceModel(next: Omit<CurrentModel, 'info'> & { readonly info: Omit<ModelInfo, 'modelId'> }): ModelInfo;
  replaceModel(next: undefined): undefined;
  replaceModel(next: (Omit<CurrentModel, 'info'> & { readonly info: Omit<ModelInfo, 'modelId'> }) | undefined): ModelInfo | undefined {
    this.current?.model.dispose();
    this.current = next && { ...next, info: { ...next.info, modelId: ++this.lastId } };
    if (next?.file) this.lastCheckpoint = next.file;
    return this.current?.info;
  }

  /** Makes a ranking model current (or none) and answers its description. */
  replaceRanker(
    next: Omit<CurrentRanker, 'info' | 'movieGram' | 'meanTasteScores'> & { readonly info: Omit<RankerInfo, 'rankerId'> },
  ): RankerInfo;
  replaceRanker(next: undefined): undefined;
  replaceRanker(
    next: (Omit<CurrentRanker, 'info' | 'movieGram' | 'meanTasteScores'> & { readonly info: Omit<RankerInfo, 'rankerId'> }) | undefined,
  ): RankerInfo | undefined {
    if (!next) {
      this.currentRanker = undefined;
      return undefined;
    }
    let gram: Float64Array | undefined;
    let meanScores: Float32Array | undefined;
    const { model } = next;
    this.currentRanker = {
      ...next,
      info: { ...next.info, rankerId: ++this.lastId },
      movieGram: () => (gram ??= gramMatrix(model.movieFactors, model.movieCount, model.factors)),
      meanTasteScores: () => (meanScores ??= ialsScores(model, meanTaste(model))),
    };
    return this.currentRanker.info;
  }

  /** The λ fold-in uses from now on, for the rating model and the ranking model alike; the model
   * gets a new id (its For you picks change) and answers its description. */
  updateFoldInRegularization(regularization: number): ModelInfo | undefined {
    const current = this.current;
    if (!current) return undefined;
    const origin = current.info.origin && { ...current.info.origin, regularization };
    const info = { ...current.info, modelId: ++this.lastId, ...(origin && { origin }) };
    this.current = { ...current, config: { ...current.config, regularization }, info };
    if (this.currentRanker) this.currentRanker = { ...this.currentRanker, config: { ...this.currentRanker.config, regularization } };
    return info;
  }

  /** Records a training's saved epoch (the model is not replaced until training ends). */
  saveCheckpoint(file: ModelFile | undefined): void {
    this.lastCheckpoint = file;
  }
}
