/**
 * How the worker API describes the models it holds: the rating model (ModelInfo) and the ranking
 * model (RankerInfo), where an imported one was trained (ExternalOrigin), and the answers of the
 * calls that import or export model files. Plain data, re-exported by api.ts, the one door.
 */
import type { RankingEvaluation } from '../recsys/ranking-evaluation';
import type { ModelKind } from '../recsys/training-config';
import type { Outcome } from './api-outcome';

/** The formats Export model / Export ranker write: the app's own, Spark's ALSModel (zipped), implicit's .npz. */
export type ExportFormat = 'app' | 'spark' | 'implicit';

/** Where an imported model was trained, and what the app took from its file. */
export interface ExternalOrigin {
  readonly engine: 'spark' | 'implicit';
  readonly rank: number;
  /** Implicit: the factors score preference (the match); explicit: they predict ratings. */
  readonly feedback: 'implicit' | 'explicit';
  /** λ of fold-in (For you): the model's regParam / regularization until the person sets one. */
  readonly regularization: number;
  readonly alpha: number | undefined;
  /** How rows were matched to ids, or which Spark wrote it. */
  readonly rowIds: string;
  /** What the file did not say and was assumed (empty when it said everything). */
  readonly assumed: readonly string[];
  /** Dataset users / movies the model has no row for: they score 0. */
  readonly usersWithoutRow: number;
  readonly moviesWithoutRow: number;
}

/** The model the worker holds. `modelId` changes with every model made current. */
export interface ModelInfo {
  readonly modelId: number;
  readonly kind: ModelKind;
  readonly epochs: number;
  readonly bestTestRmse: number;
  readonly datasetName: string;
  readonly savedAt: string;
  /** Trained in this tab, restored from this browser's storage, or imported from a file. */
  readonly source: 'trained' | 'restored' | 'imported';
  /** Set when the model was trained by Spark or implicit and imported. */
  readonly origin?: ExternalOrigin;
  /** Set while the rating model still trains and this one stands in for it: the bias-only
   * baseline r̂ = μ + b_u + b_i (no taste), listed without stars. */
  readonly provisional?: true;
}

/** The ranking model the worker holds. `rankerId` changes with every one made current. */
export interface RankerInfo {
  readonly rankerId: number;
  readonly kind: 'ials';
  readonly factors: number;
  /** Sweeps of the kept model. */
  readonly iterations: number;
  /** NDCG@10 on the validation carve of the training ratings (null when not measured). */
  readonly validationNdcg: number | null;
  readonly datasetName: string;
  readonly savedAt: string;
  readonly source: 'trained' | 'restored' | 'imported';
  /** Set when the factors came from another engine (an imported Spark or implicit model). */
  readonly engine?: ExternalOrigin['engine'];
}

export type ModelOutcome = Outcome<ModelInfo>;

export type ExportOutcome = Outcome<{ readonly bytes: Uint8Array; readonly fileName: string }>;

/** An imported Spark or implicit model, and how it ranks on the test split. */
export type ExternalModelOutcome = Outcome<{
  readonly model: ModelInfo;
  /** Also the ranking model, for implicit feedback. */
  readonly ranker?: RankerInfo;
  readonly ranking: RankingEvaluation;
  readonly seconds: number;
}>;
