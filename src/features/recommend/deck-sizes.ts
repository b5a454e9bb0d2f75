/**
 * The deck's two sizes as the page asks them. The bench measures the same two numbers
 * (recsys/question-deck.ts, which says why they are these; the page does not load that module),
 * and a test keeps them equal.
 */

/** Cards per screen: about what fits a laptop screen, and what the bench's protocol counts. */
export const DECK_SCREEN = 10;
/** How many movies a person who had seen none of a screen is asked to name. */
export const TITLES_TO_NAME = 5;
