import type { ConfigIssue } from '../../config/index.js';

/** The topics a client of `GET /api/events` subscribes to. */
export const eventTopics = ['config', 'endpoint', 'workflow', 'state', 'request', 'metrics', 'warning'] as const;
export type EventTopic = (typeof eventTopics)[number];

/** One endpoint's numbers over the last metrics interval. */
export interface EndpointMetrics {
  /** The endpoint id, or `(unmatched)`. */
  readonly endpoint: string;
  readonly requests: number;
  readonly rps: number;
  /** Answers with status ≥ 500, or abandoned. */
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Every event the admin API streams: `type` names it, `data` is its payload. */
export type AdminEventBody =
  | { readonly type: 'config.applied'; readonly data: { readonly version?: number; readonly author: string; readonly message?: string; readonly summary?: string; readonly timestamp?: string } }
  | { readonly type: 'config.rejected'; readonly data: { readonly source: string; readonly author?: string; readonly issues: readonly ConfigIssue[] } }
  | { readonly type: 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted'; readonly data: { readonly id: string } }
  | { readonly type: 'workflow.created' | 'workflow.updated' | 'workflow.deleted'; readonly data: { readonly id: string } }
  | {
      readonly type: 'state.changed';
      readonly data: {
        /** `written`: what data-plane requests wrote, gathered over a short interval; the others are admin changes. */
        readonly action: 'set' | 'delete' | 'reset' | 'workflow.set' | 'workflow.reset' | 'written';
        readonly source?: 'admin' | 'data-plane';
        readonly scope?: string;
        readonly key?: string;
        readonly workflow?: string;
        readonly value?: unknown;
        readonly count?: number;
        /** `written` only: the keys written (the newest 50), each with its scope, kind and name. */
        readonly keys?: readonly { readonly scope?: string; readonly kind?: string; readonly name: string; readonly action: 'set' | 'delete' }[];
      };
    }
  | {
      readonly type: 'request.completed';
      readonly data: { readonly method: string; readonly path: string; readonly status: number; readonly endpoint?: string; readonly durationMs: number; readonly abandoned: boolean };
    }
  | { readonly type: 'metrics.tick'; readonly data: { readonly intervalMs: number; readonly rps: number; readonly errors: number; readonly endpoints: readonly EndpointMetrics[] } }
  | {
      readonly type: 'warning';
      readonly data: {
        readonly message: string;
        readonly code?: string;
        /** CPU warnings (`code: CPU_SATURATED`): the threshold in percent of one core, and what was measured. */
        readonly threshold?: number;
        readonly cpuPercent?: number;
        readonly elu?: number;
        readonly state?: 'raised' | 'cleared';
      };
    };

export type AdminEventType = AdminEventBody['type'];

/** An event as published: with its ISO time. */
export type AdminEvent = AdminEventBody & { readonly time: string };

/** The topic an event type belongs to (`endpoint.created` → `endpoint`, `metrics.tick` → `metrics`). */
export function topicOf(type: AdminEventType): EventTopic {
  return type.slice(0, type.indexOf('.') === -1 ? undefined : type.indexOf('.')) as EventTopic;
}
