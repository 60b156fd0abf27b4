import { useEffect, useState } from 'react';

type Theme = 'auto' | 'light' | 'dark';
const STORAGE_KEY = 'mimicus.theme';
const NEXT: Record<Theme, Theme> = { auto: 'light', light: 'dark', dark: 'auto' };

/** Cycles auto (follows prefers-color-scheme) → light → dark; the choice is remembered per browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(STORAGE_KEY) as Theme | null) ?? 'auto');
  useEffect(() => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem(STORAGE_KEY, theme);
  }, [theme]);
  return (
    <button type="button" className="theme-toggle" onClick={() => setTheme(NEXT[theme])} title="Switch theme">
      Theme: {theme}
    </button>
  );
}
