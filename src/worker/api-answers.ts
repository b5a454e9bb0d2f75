/**
 * The answers of the recommendation calls (picks, For you, similar, Why?, search, taste map):
 * plain data, re-exported by api.ts, the one door.
 */
import type { ScoreBreakdown } from '../recsys/personal';
import type { Outcome, RankedBy } from './api-outcome';

/** One recommended movie. */
export interface MoviePick {
  readonly movieId: number;
  readonly title: string;
  readonly genres: readonly string[];
  /** Clipped to the dataset's rating scale. */
  readonly predicted: number;
  /** The ranking model's score p_uᵀq_i (about 1: as sure as a movie they rated), when there is one. */
  readonly match?: number;
  /** Ratings the movie has in the dataset (how well known it is). */
  readonly ratingCount?: number;
}

export type TopPicksOutcome = Outcome<{
  readonly userId: number;
  readonly ratedCount: number;
  /** Picks come from movies with at least this many ratings (obscure titles left out). */
  readonly minimumRatings: number;
  readonly picks: readonly MoviePick[];
  /** The order the picks are in (taste match only when a ranking model exists). */
  readonly rankedBy: RankedBy;
}>;

export interface MovieHit {
  readonly movieId: number;
  readonly title: string;
  readonly genres: readonly string[];
  readonly ratingCount: number;
  /** The person's own rating of it, if any. */
  readonly myRating?: number;
}

export interface MyRating {
  readonly movieId: number;
  readonly title: string;
  readonly rating: number;
}

/** A movie the person answered "Haven't seen" in the question deck. */
export interface NotSeenMovie {
  readonly movieId: number;
  readonly title: string;
}

/** A movie the question deck asks about. */
export interface QuestionCard {
  readonly movieId: number;
  readonly title: string;
  /** From the title's "(1999)"; absent when it has none. */
  readonly year?: number;
  readonly genres: readonly string[];
  readonly ratingCount: number;
}

/** A screen of the question deck. */
export type QuestionsOutcome = Outcome<{
  readonly questions: readonly QuestionCard[];
  /** 'taste': the movies this person most likely has seen, from the ranking model's fold-in of
   * their ratings; 'opening': nothing rated yet, the well-known movies whose ratings say most
   * about taste (recsys/opening-questions.ts); 'popularity': the most rated (no ranking model). */
  readonly basis: 'taste' | 'opening' | 'popularity';
  /** Whether a ranking model exists (without one the deck can only ask by popularity). */
  readonly hasRanker: boolean;
  /** Time the worker took to fold in and choose. */
  readonly millis: number;
}>;

/** "For you": picks from the person's own ratings (fold-in), or well-rated popular movies before
 * any rating. */
export interface PersonalPicks {
  readonly ratings: readonly MyRating[];
  /** What the person answered "Haven't seen" (not asked again; not part of the fold-in). */
  readonly notSeen: readonly NotSeenMovie[];
  readonly picks: readonly MoviePick[];
  /** 'none': no picks, and `message` says why (no data, no model, a model that cannot fold in). */
  readonly basis: 'your-ratings' | 'popular' | 'none';
  readonly message?: string;
  /** Time the worker took to fold in and rank, for the "< 100 ms" promise. */
  readonly millis: number;
  readonly rankedBy: RankedBy;
}

export type RatingOutcome = Outcome<PersonalPicks>;

export interface SimilarMovie {
  readonly movieId: number;
  readonly title: string;
  readonly genres: readonly string[];
  readonly similarity: number;
}

export type SimilarMoviesOutcome = Outcome<{
  readonly movie: { readonly movieId: number; readonly title: string };
  /** Whose factors measure the similarity: the ranking model's, or the rating model's. */
  readonly factors: 'ranking' | 'rating';
  readonly minimumRatings: number;
  readonly similar: readonly SimilarMovie[];
}>;

/** Why a movie is predicted as it is: the parts of r̂ and the rater's liked movies most like it. */
export type ExplanationOutcome = Outcome<{
  readonly movieId: number;
  readonly title: string;
  readonly parts: ScoreBreakdown;
  /** The prediction clipped to the rating scale (parts.total is before clipping). */
  readonly predicted: number;
  readonly because: readonly { movieId: number; title: string; rating: number; similarity: number }[];
  /** The ranking model's match and the rated movies it comes from, when there is one. */
  readonly match?: ExplanationMatch;
}>;

export interface ExplanationMatch {
  /** p_uᵀq_i of the person's exact fold-in. */
  readonly score: number;
  /** The rated movies that add most to it; `share` of the score (the parts sum to the whole). */
  readonly because: readonly { movieId: number; title: string; rating: number; share: number }[];
}

export interface TasteMapPoint {
  readonly movieId: number;
  readonly title: string;
  readonly genre: string;
  readonly x: number;
  readonly y: number;
}

export interface TasteMap {
  /** A sample of movies (the most rated ones), at their 2-D position. */
  readonly points: readonly TasteMapPoint[];
  /** The person's taste (folded in from their ratings), when they have rated something. */
  readonly me?: { readonly x: number; readonly y: number };
  readonly totalMovies: number;
}

export type TasteMapOutcome = Outcome<TasteMap>;
