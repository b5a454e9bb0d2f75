import { describe, expect, it } from 'vitest';
import * as deckMaths from '../../recsys/question-deck';
import { DECK_SCREEN, TITLES_TO_NAME } from './deck-sizes';

describe('the question deck on the page', () => {
  it('asks what the bench measures: screens of the same size, the same number of titles to name', () => {
    expect(DECK_SCREEN).toBe(deckMaths.DECK_SCREEN);
    expect(TITLES_TO_NAME).toBe(deckMaths.TITLES_TO_NAME);
  });
});
