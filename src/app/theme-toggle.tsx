import type { Theme } from '../lib/theme';

export function ThemeToggle({ theme, onChange }: { readonly theme: Theme; readonly onChange: (theme: Theme) => void }) {
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button theme-toggle"
      data-testid="theme-toggle"
      aria-label={`Switch to the ${next} theme`}
      onClick={() => onChange(next)}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span> {next === 'dark' ? 'Dark' : 'Light'}
    </button>
  );
}
