import type { Config } from '../../config/index.js';
import type { AdminEventBody } from './admin-event.js';

/** `endpoint.*` and `workflow.*` events that turn `before` into `after`, compared by id. */
export function configChangeEvents(before: Config, after: Config): AdminEventBody[] {
  return [
    ...collectionEvents('endpoint', before.endpoints ?? [], after.endpoints ?? []),
    ...collectionEvents('workflow', before.workflows ?? [], after.workflows ?? []),
  ];
}

function collectionEvents(kind: 'endpoint' | 'workflow', before: readonly { id: string }[], after: readonly { id: string }[]): AdminEventBody[] {
  const old = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
  const events: AdminEventBody[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    if (previous === undefined) events.push({ type: `${kind}.created`, data: { id: item.id } });
    else if (previous !== JSON.stringify(item)) events.push({ type: `${kind}.updated`, data: { id: item.id } });
    old.delete(item.id);
  }
  for (const id of old.keys()) events.push({ type: `${kind}.deleted`, data: { id } });
  return events;
}
