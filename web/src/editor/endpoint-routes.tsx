import { useEffect, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { EditorPage } from './editor-page.tsx';

/** `#/endpoints/{id}/edit` → that id, `#/endpoints/new` → null (a new endpoint), anything else → undefined (the list). */
function readTarget(): string | null | undefined {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  if (parts[0] !== 'endpoints') return undefined;
  if (parts[1] === 'new') return null;
  if (parts[1] && parts[2] === 'edit') return decodeURIComponent(parts[1]);
  return undefined;
}

/** The Endpoints route: the editor when the hash names one, else the list (`list`). */
export function EndpointRoutes({ client, list }: { client: AdminClient; list: ReactNode }) {
  const [target, setTarget] = useState(readTarget);
  useEffect(() => {
    const onChange = () => setTarget(readTarget());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  if (target === undefined) return list;
  return <EditorPage key={target ?? '(new)'} client={client} endpointId={target ?? undefined} />;
}
