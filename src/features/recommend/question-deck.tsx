import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RecommenderClient } from '../../lib/recommender-client';
import { useWorkerAnswer } from '../../lib/use-worker-answer';
import type { PersonalPicks, RatingOutcome } from '../../worker/api';
import { DECK_SCREEN, TITLES_TO_NAME } from './deck-sizes';

const STARS = [1, 2, 3, 4, 5];

type Answer = number | 'not-seen';

interface AskedScreens {
  readonly datasetId: number;
  readonly movieIds: readonly number[];
  readonly screen: number;
  readonly rankerId: number | undefined;
}

interface QuestionDeckProps {
  readonly client: RecommenderClient;
  /** The dataset the questions are about (a new one starts a new deck). */
  readonly datasetId: number;
  /** The ranking model's id, when there is one. */
  readonly rankerId: number | undefined;
  /** The person's picks as the page last heard them (how many rated, where For you stands). */
  readonly personal: PersonalPicks | undefined;
  /** Sets a rating (half stars) or removes it (null); answers the new picks. */
  readonly rate: (movieId: number, rating: number | null) => Promise<RatingOutcome>;
  /** Marks a movie "Haven't seen" (or unmarks it); answers the new picks. */
  readonly markNotSeen: (movieId: number, notSeen: boolean) => Promise<RatingOutcome>;
  /** Takes the person to the search box, to name movies they have seen. */
  readonly onNameMovies: () => void;
}

/**
 * The movies the app asks a person about, a screen at a time: rate each in stars (Shift + digit
 * or "−½" for half stars) or answer "Haven't seen". Each answer refreshes For you at once (the
 * parent shows the picks the worker answers); *More movies* asks the worker for the next screen,
 * chosen from the updated fold-in. Keyboard: 1–5 rate the focused card, 0 or N "Haven't seen",
 * arrows move between cards; focus moves on after an answer. On a phone one card shows at a time.
 * A screen where the person had seen nothing ends with a request to name a few movies they have
 * seen instead (the search box): the one thing cards cannot find for a person who knows none of
 * the well-known movies.
 */
export function QuestionDeck({ client, datasetId, rankerId, personal, rate, markNotSeen, onNameMovies }: QuestionDeckProps) {
  // Every movie this page has shown, so that More movies never repeats one (answers are also
  // excluded by the worker, which keeps them), and the ranking model the screen was asked with.
  const [asked, setAsked] = useState<AskedScreens>({ datasetId, movieIds: [], screen: 0, rankerId });
  const [answers, setAnswers] = useState<ReadonlyMap<number, Answer | undefined>>(new Map());
  const [failure, setFailure] = useState<string>();
  // The card answered last: on a phone it leaves the screen at once, so a line under the deck
  // keeps its answer in view with "−½" (a half star is a second tap, as on the wide grid).
  const [lastAnswered, setLastAnswered] = useState<number>();
  const cards = useRef(new Map<number, HTMLLIElement>());
  const current = asked.datasetId === datasetId ? asked : { datasetId, movieIds: [], screen: 0, rankerId };
  // A new screen (More movies) or a new dataset asks again; a new ranking model does not swap
  // the cards under the person's hand once one is answered (below): it chooses the next screen.
  // (The popularity screen stays shown while the opening screen is on its way.)
  const screen = useWorkerAnswer(
    `${datasetId}:${current.screen}:${current.rankerId}`,
    () => client.nextQuestions(DECK_SCREEN, current.movieIds),
    { sameAs: `${datasetId}:${current.screen}` },
  );
  const questions = screen?.ok ? screen.questions : [];
  const shownIds = questions.map((q) => q.movieId);

  const answered = (movieId: number) => (answers.has(movieId) ? answers.get(movieId) : stored(personal, movieId));
  const firstOpen = questions.find((q) => answered(q.movieId) === undefined)?.movieId;
  // A screen asked before this ranking model existed (by popularity), none of it answered yet,
  // is asked again: the model's opening screen asks better questions (the model comes seconds
  // after the data, usually before the first answer).
  if (current.rankerId !== rankerId && screen !== undefined && questions.every((q) => answered(q.movieId) === undefined))
    setAsked({ ...current, rankerId });

  // One card in the Tab order at a time (a roving tabindex): the one last focused, else the
  // first unanswered. Arrows move between cards, so Tab goes past the deck in a few stops.
  const [focusedMovie, setFocusedMovie] = useState<number>();
  const tabStop = shownIds.includes(focusedMovie ?? -1) ? focusedMovie : (firstOpen ?? shownIds[0]);
  const focusCard = (index: number) => cards.current.get(questions[index]?.movieId ?? -1)?.focus();
  // Focus moves on after an answer, once the page shows it (on a phone the next card only
  // appears when this one is answered); after the last card of a screen where nothing was seen,
  // to the request to name movies, the next thing to do.
  const focusAfterRender = useRef<number | 'name-movies'>(undefined);
  const nameMoviesButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusAfterRender.current === undefined) return;
    if (focusAfterRender.current === 'name-movies') nameMoviesButton.current?.focus();
    else focusCard(focusAfterRender.current);
    focusAfterRender.current = undefined;
  });
  const record = (movieId: number, value: Answer | undefined) =>
    setAnswers((previous) => {
      const next = new Map(previous);
      next.set(movieId, value);
      return next;
    });
  const answer = (index: number, value: Answer) => {
    const movieId = questions[index]!.movieId;
    const was = answered(movieId);
    const undoSkip = value === 'not-seen' && was === 'not-seen';
    const call = value === 'not-seen' ? markNotSeen(movieId, !undoSkip) : rate(movieId, Math.min(5, Math.max(0.5, value)));
    // Shown at once; put back if the worker refuses.
    record(movieId, undoSkip ? undefined : value);
    setLastAnswered(movieId);
    void call.then((outcome) => {
      setFailure(outcome.ok ? undefined : outcome.message);
      if (!outcome.ok) record(movieId, was);
    });
    const next = questions.findIndex((q, i) => i > index && answered(q.movieId) === undefined);
    if (next >= 0) focusAfterRender.current = next;
    else if (value === 'not-seen' && !undoSkip && questions.every((q, i) => i === index || answered(q.movieId) === 'not-seen'))
      focusAfterRender.current = 'name-movies';
  };
  const more = () => {
    setAnswers(new Map());
    setLastAnswered(undefined);
    setAsked({ datasetId, movieIds: [...current.movieIds, ...shownIds], screen: current.screen + 1, rankerId });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const digit = /^Digit([0-5])$/.exec(event.code)?.[1];
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') focusCard(Math.min(index + 1, questions.length - 1));
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') focusCard(Math.max(index - 1, 0));
    else if (digit === '0' || event.key.toLowerCase() === 'n') answer(index, 'not-seen');
    else if (digit !== undefined) answer(index, Number(digit) - (event.shiftKey ? 0.5 : 0));
    else return;
    event.preventDefault();
  };

  const ratedCount = personal?.ratings.length ?? 0;
  const notSeenCount = personal?.notSeen.length ?? 0;
  const lastIndex = questions.findIndex((q) => q.movieId === lastAnswered);
  const lastAnswer = lastIndex >= 0 ? answered(lastAnswered!) : undefined;
  const position = firstOpen === undefined ? questions.length : questions.findIndex((q) => q.movieId === firstOpen);
  const sawNone = questions.length > 0 && questions.every((q) => answered(q.movieId) === 'not-seen');
  return (
    <section className="question-deck" data-testid="question-deck" aria-labelledby="question-deck-heading">
      <h3 id="question-deck-heading">Movies you may have seen</h3>
      <p className="hint" aria-live="polite">
        {standing(ratedCount, notSeenCount)} {screen?.ok && screenHint(screen.basis, rankerId !== undefined, ratedCount)}
      </p>
      {screen && !screen.ok && <p className="hint">{screen.message}</p>}
      {failure && (
        <div role="alert" className="alert alert--error">
          {failure}
        </div>
      )}
      {questions.length > 0 && (
        <p className="question-deck__position hint">
          {position < questions.length ? `Movie ${position + 1} of ${questions.length}` : 'All answered on this screen.'}
        </p>
      )}
      <ul className="question-cards">
        {questions.map((card, index) => {
          const mine = answered(card.movieId);
          const inTabOrder = card.movieId === tabStop ? 0 : -1;
          return (
            <li
              key={card.movieId}
              ref={(node) => {
                if (node) cards.current.set(card.movieId, node);
                else cards.current.delete(card.movieId);
              }}
              className={`question-card${card.movieId === firstOpen ? ' question-card--current' : ''}${mine === undefined ? '' : ' question-card--answered'}`}
              data-testid="question-card"
              data-movie-id={card.movieId}
              data-answer={mine ?? ''}
              tabIndex={card.movieId === tabStop ? 0 : -1}
              aria-label={`${card.title}: rate 1 to 5, or 0 for haven't seen`}
              onKeyDown={(event) => onKeyDown(event, index)}
              onFocus={() => setFocusedMovie(card.movieId)}
            >
              <span className="question-card__title">{titleWithoutYear(card.title)}</span>
              <span className="question-card__facts">
                {card.year !== undefined && <span>{card.year}</span>}
                <span>{card.ratingCount.toLocaleString('en-US')} ratings</span>
              </span>
              <span className="chips">
                {card.genres.map((genre) => (
                  <span key={genre} className="chip">
                    {genre}
                  </span>
                ))}
              </span>
              <span className="question-card__answers">
                <span className="stars" role="group" aria-label={`Rate ${card.title}`}>
                  {STARS.map((stars) => (
                    <button
                      key={stars}
                      type="button"
                      className={`star${typeof mine === 'number' && mine >= stars - 0.5 ? ' star--on' : ''}${typeof mine === 'number' && mine === stars - 0.5 ? ' star--half' : ''}`}
                      aria-label={`Rate ${stars}`}
                      aria-pressed={mine === stars}
                      tabIndex={inTabOrder}
                      onClick={() => answer(index, stars)}
                    >
                      ★
                    </button>
                  ))}
                </span>
                {typeof mine === 'number' && mine > 0.5 && mine % 1 === 0 && (
                  <button type="button" className="link-button" tabIndex={inTabOrder} onClick={() => answer(index, mine - 0.5)}>
                    −½<span className="visually-hidden"> star less for {card.title}</span>
                  </button>
                )}
                <button
                  type="button"
                  className={`not-seen${mine === 'not-seen' ? ' not-seen--on' : ''}`}
                  data-testid="not-seen"
                  aria-pressed={mine === 'not-seen'}
                  tabIndex={inTabOrder}
                  onClick={() => answer(index, 'not-seen')}
                >
                  Haven't seen
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {lastAnswer !== undefined && (
        <p className="question-deck__last hint">
          {titleWithoutYear(questions[lastIndex]!.title)}: {lastAnswer === 'not-seen' ? "haven't seen" : `${lastAnswer} ★`}{' '}
          {typeof lastAnswer === 'number' && lastAnswer > 0.5 && lastAnswer % 1 === 0 && (
            <button type="button" className="link-button" onClick={() => answer(lastIndex, lastAnswer - 0.5)}>
              −½<span className="visually-hidden"> star less for {questions[lastIndex]!.title}</span>
            </button>
          )}
        </p>
      )}
      <div aria-live="polite">
        {sawNone && (
          <div className="question-deck__name" data-testid="name-movies">
            <p>
              You have seen none of these. Name {TITLES_TO_NAME} movies you have seen instead: find each with Search movies and rate it. For
              you and the next cards follow from them.
            </p>
            <button ref={nameMoviesButton} type="button" className="button button--primary" onClick={onNameMovies}>
              Search for movies you have seen
            </button>
          </div>
        )}
      </div>
      {screen?.ok && (
        <button
          type="button"
          className={`button question-deck__more${firstOpen === undefined && questions.length > 0 && !sawNone ? ' button--primary' : ''}`}
          data-testid="more-questions"
          onClick={more}
          disabled={questions.length === 0}
        >
          More movies
        </button>
      )}
      {screen?.ok && questions.length === 0 && <p className="hint">No more movies to ask about: you have answered them all.</p>}
    </section>
  );
}

/** What the hint says of how this screen was chosen. */
function screenHint(basis: 'taste' | 'opening' | 'popularity', hasRanker: boolean, ratedCount: number): string {
  if (basis === 'taste') return 'These are the movies your ratings say you most likely know.';
  const then = ratedCount > 0 ? '; More movies brings ones chosen from your ratings.' : ': rate one and the next ones follow your taste.';
  if (basis === 'opening') return `Well-known movies that tell tastes apart${then}`;
  // Asked before the ranking model existed: the cards stay, the next screen follows the taste.
  if (hasRanker) return `The most rated movies first${then}`;
  return 'Asked by popularity: once a ranking model is trained, the questions follow your taste.';
}

/** What the person has answered before (kept in this browser), for a card shown again after a reload. */
function stored(personal: PersonalPicks | undefined, movieId: number): Answer | undefined {
  const rating = personal?.ratings.find((r) => r.movieId === movieId)?.rating;
  if (rating !== undefined) return rating;
  return personal?.notSeen.some((m) => m.movieId === movieId) ? 'not-seen' : undefined;
}

function standing(rated: number, notSeen: number): string {
  const ratedText = rated === 0 ? 'You have not rated a movie yet' : `You have rated ${rated} movie${rated === 1 ? '' : 's'}`;
  const skipped = notSeen > 0 ? ` (${notSeen} not seen)` : '';
  const picks =
    rated === 0 ? ': For you shows popular movies until you do.' : `: For you is from your ${rated} rating${rated === 1 ? '' : 's'}.`;
  return `${ratedText}${skipped}${picks}`;
}

function titleWithoutYear(title: string): string {
  return title.replace(/\s*\(\d{4}\)\s*$/, '');
}
