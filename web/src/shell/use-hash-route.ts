import { useEffect, useState } from 'react';

/** The page named by the URL hash (`#/inspector` → `inspector`): reloads and links keep the page. */
export function useHashRoute(fallback: string): string {
  const read = () => location.hash.replace(/^#\/?/, '').split('/')[0] || fallback;
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  });
  return route;
}
