/**
 * How every worker call answers: `{ ok: true, … }` or a Failure with its code and a message for
 * the person. Its own module so that api.ts and api-answers.ts both import it (and not each other).
 */
import type { ImportProblem } from '../recsys/import/import-problem';

/** Why a call did not do what it was asked. */
export type FailureCode =
  /** Another import or training is running. */
  | 'busy'
  | 'no-data'
  | 'no-model'
  /** The current model cannot answer this (e.g. the MLP has no taste vectors). */
  | 'unsupported-model'
  | 'unknown-user'
  | 'unknown-movie'
  /** A file that cannot be read as what it should be (`problem` says where, for data files). */
  | 'bad-file'
  /** A model file made for other data than the loaded dataset. */
  | 'wrong-dataset'
  /** An argument outside its range, e.g. a rating of 7. */
  | 'bad-input'
  | 'cancelled'
  /** Nothing stored to restore. */
  | 'not-found'
  | 'nothing-to-resume'
  | 'gpu-lost'
  | 'out-of-memory'
  | 'training-failed'
  | 'no-backend';

export interface Failure {
  readonly ok: false;
  readonly code: FailureCode;
  /** For the person: what happened and what they can do. */
  readonly message: string;
  /** With 'bad-file' from a data import: the file, line and what was expected. */
  readonly problem?: ImportProblem;
  /** With a training failure: the last saved epoch, from which training can resume (0: none). */
  readonly resumableEpoch?: number;
}

/** Success with its fields, or a Failure. */
export type Outcome<T extends object = object> = ({ readonly ok: true } & T) | Failure;

/** Which score orders Top picks and For you: the ranking model's taste match, or the rating
 * model's predicted rating. */
export type RankedBy = 'match' | 'rating';
