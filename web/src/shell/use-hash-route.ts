import { useEffect, useState } from 'react';

/** The page named by the URL hash (`#/inspector` → `inspector`): reloads and links keep the page. */
export function useHashRoute(fallback: string): string {
  const [route, setRoute] = useState(() => routeOf(location.hash, fallback));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash, fallback));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [fallback]);
  return route;
}

const routeOf = (hash: string, fallback: string): string => hash.replace(/^#\/?/, '').split('/')[0] || fallback;
