import { useEffect, useState } from 'react';

/** The colour theme shown: `<html data-theme>` says which (the UI contract's hook). */
export type Theme = 'light' | 'dark';

/** Where the person's choice is remembered; without one the system's preference rules. */
const STORAGE_KEY = 'movie-recommender.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined; // storage blocked (private mode, sandboxed frame): follow the system
  }
}

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Sets the theme on the document: CSS variables and charts read it from there. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/**
 * The theme shown and a setter that remembers the choice. While nothing is remembered it follows
 * the system's preference as that changes.
 */
export function useTheme(): readonly [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => storedTheme() ?? systemTheme());
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(DARK_QUERY);
    const follow = () => {
      if (!storedTheme()) setTheme(query.matches ? 'dark' : 'light');
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const choose = (next: Theme) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still shown.
    }
    setTheme(next);
  };
  return [theme, choose];
}
