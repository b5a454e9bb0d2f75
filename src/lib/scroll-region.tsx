import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box that scrolls its wide content (a table on a phone) sideways inside itself, never the
 * page. While it does scroll it is a named region in the tab order, so a keyboard user can
 * scroll it too (axe: scrollable-region-focusable); while everything fits it is a plain box and
 * adds no tab stop.
 */
export function ScrollRegion({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // Measured in the observer's callback, which runs after layout (its first call comes on its
    // own): measuring here would force a layout of the page while it mounts (100 ms measured).
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className="table-scroll"
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? label : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      {children}
    </div>
  );
}
