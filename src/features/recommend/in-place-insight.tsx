import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { InsightRequest } from './pick-insight';

/** Where an insight opened: the list it belongs to ("top-picks", "search", ...) and the movie
 * whose card holds it, so it shows right under the button that asked for it. */
export interface OpenInsight extends InsightRequest {
  readonly place: string;
  /** The card it opened from; "Similar" inside the insight moves to other movies, the card stays. */
  readonly anchorMovieId: number;
}

export interface InPlaceInsights {
  readonly open: OpenInsight | undefined;
  /** Opens (or, asked again for the same card and kind, closes) an insight; `opener` (the
   * button, when there is one: the map's dots are not) gets focus back on close. */
  readonly toggle: (place: string, request: InsightRequest, opener?: HTMLElement) => void;
  /** Moves the open insight to another movie, in the same card ("Similar" inside it). */
  readonly follow: (request: InsightRequest) => void;
  readonly close: () => void;
  /** Whether the insight of this kind is open in this card (for aria-expanded). */
  readonly isOpen: (place: string, movieId: number, kind: InsightRequest['kind']) => boolean;
  /** The open insight when it belongs to this card, else undefined. */
  readonly openAt: (place: string, movieId?: number) => OpenInsight | undefined;
}

/** One open insight per panel ("Why?" or "Similar", opened in the card that asked), with focus
 * handed back to the button that opened it when it closes, as a disclosure should. */
export function useInPlaceInsights(): InPlaceInsights {
  const [open, setOpen] = useState<OpenInsight>();
  const opener = useRef<HTMLElement | null>(null);
  const close = () => {
    setOpen(undefined);
    opener.current?.focus();
    opener.current = null;
  };
  return {
    open,
    toggle: (place, request, from) => {
      if (open && open.place === place && open.anchorMovieId === request.movieId && open.kind === request.kind) {
        close();
        return;
      }
      opener.current = from ?? null;
      setOpen({ ...request, place, anchorMovieId: request.movieId });
    },
    follow: (request) => setOpen((current) => current && { ...current, ...request }),
    close,
    isOpen: (place, movieId, kind) => open?.place === place && open.anchorMovieId === movieId && open.kind === kind,
    openAt: (place, movieId) => (open?.place === place && (movieId === undefined || open.anchorMovieId === movieId) ? open : undefined),
  };
}

/** The id of the region an insight opens in, for the opening buttons' aria-controls. */
export function insightRegionId(place: string, movieId: number): string {
  return `insight-${place}-${movieId}`;
}

/**
 * The box an insight opens in, inside the card (or right under the map) that asked for it. It
 * takes focus when it opens or moves to another movie, so a keyboard or screen-reader user lands
 * on what they asked for; Escape closes it and focus goes back to the button.
 */
export function InsightSlot({
  id,
  label,
  focusKey,
  onClose,
  children,
}: {
  readonly id: string;
  readonly label: string;
  /** Changes when the slot shows another question; focus moves to it each time. */
  readonly focusKey: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus({ preventScroll: true });
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [focusKey]);
  return (
    <div
      ref={box}
      id={id}
      className="insight-slot"
      role="region"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onClose();
      }}
    >
      {children}
    </div>
  );
}
