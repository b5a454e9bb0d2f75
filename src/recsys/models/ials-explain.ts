import { solveSymmetricPositiveDefinite } from '../personal';
import { confidence, rowRegularization, rowSystem, type IalsConfig, type IalsModel } from './ials';

export interface MatchContribution {
  readonly movie: number;
  readonly rating: number;
  /** This rated movie's share of the match: the contributions sum to the match itself. */
  readonly contribution: number;
}

/**
 * Why the ranking model matches a movie to a person, in its own terms (Hu, Koren & Volinsky
 * 2008, §5): the person's vector is p = A⁻¹ Σ_j w_j q_j with A their row system, so the match
 *
 *   p ᵀ q_i = Σ_j w_j q_jᵀ A⁻¹ q_i
 *
 * splits exactly into one part per rated movie j: w_j times the similarity q_jᵀ A⁻¹ q_i in the
 * person's own metric. One k × k solve, whatever the number of ratings. `match` is the exact
 * fold-in's p ᵀ q_i (for a trained user, close to the trained score).
 */
export function explainIalsMatch(
  model: IalsModel,
  movieGram: Float64Array,
  ratings: readonly { readonly movie: number; readonly rating: number }[],
  config: IalsConfig,
  movie: number,
  /** The share of the rows' ridge the fold-in used (a new person's: PERSON_RIDGE_SCALE). */
  ridgeScale = 1,
): { match: number; contributions: MatchContribution[] } {
  const k = model.factors;
  const entries = ratings.map(({ movie: column, rating }) => ({ column, weight: confidence(rating, model.meanRating) }));
  const ridge = ridgeScale * rowRegularization(config, ratings.length, model.movieCount);
  const { a } = rowSystem(movieGram, model.movieFactors, k, entries, ridge, config.unobservedWeight);
  const target = Float64Array.from(model.movieFactors.subarray(movie * k, (movie + 1) * k));
  const metric = solveSymmetricPositiveDefinite(a, target, k);
  let match = 0;
  const contributions = ratings.map(({ movie: rated, rating }, index) => {
    let similarity = 0;
    for (let f = 0; f < k; f++) similarity += model.movieFactors[rated * k + f]! * metric[f]!;
    const contribution = entries[index]!.weight * similarity;
    match += contribution;
    return { movie: rated, rating, contribution };
  });
  contributions.sort((x, y) => y.contribution - x.contribution || x.movie - y.movie);
  return { match, contributions };
}
