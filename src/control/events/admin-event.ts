import type { AdminEventType, EventTopic } from '../../contract/index.js';

// The events and their payloads are the API contract's (src/contract): the web console reads the same types.
export { eventTopics } from '../../contract/index.js';
export type { AdminEvent, AdminEventBody, AdminEventType, EventTopic, TickEndpointMetrics as EndpointMetrics } from '../../contract/index.js';

/** The topic an event type belongs to (`endpoint.created` → `endpoint`, `metrics.tick` → `metrics`). */
export function topicOf(type: AdminEventType): EventTopic {
  return type.slice(0, type.indexOf('.') === -1 ? undefined : type.indexOf('.')) as EventTopic;
}
