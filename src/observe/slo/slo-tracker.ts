import type { SloStatus } from '../../contract/index.js';
import type { JournalExchange } from '../journal/index.js';
import { EventRing } from './event-ring.js';
import { sloRow } from './slo-row.js';

/** An SLO as the Plan compiles it (plan/compile-slos.ts): observe/ takes it by shape, not by import. */
export interface SloDefinition {
  readonly kind: 'endpoint' | 'upstream';
  readonly id: string;
  readonly windowMs: number;
  readonly objectives: readonly { readonly name: string; readonly target: number; readonly thresholdMs?: number }[];
}

/** One objective's counts: the ring for the windows, and running totals for the Prometheus counters. */
export interface TrackedObjective {
  readonly kind: SloDefinition['kind'];
  readonly id: string;
  readonly name: string;
  readonly target: number;
  /** Latency objectives: slower is bad; undefined for availability. */
  readonly thresholdMs: number | undefined;
  readonly windowHours: number;
  readonly ring: EventRing;
  /** Running totals since start, shared with the objective's earlier versions (a reload keeps counting on). */
  readonly totals: { requests: number; bad: number };
}

export interface SloTracker {
  /** Follows the SLOs of a new Plan; objectives that stay keep their history. */
  configure(slos: readonly SloDefinition[]): void;
  /** One finished exchange: O(objectives of its endpoint and upstream), no allocation. */
  record(exchange: JournalExchange): void;
  /** What each objective reads at `nowMs`, for `/api/metrics` and the gauges. */
  read(nowMs: number): SloStatus[];
  /** `{ slos }` for `/api/metrics`, or nothing when no SLO is configured. */
  snapshotPart(nowMs: number): { slos?: SloStatus[] };
  /** Every objective tracked now (the Prometheus counters read their totals). */
  objectives(): Iterable<TrackedObjective>;
  /** Told of each objective a configure() starts tracking afresh (slo-persistence restores its window). */
  onNewObjective: ((objective: TrackedObjective) => void) | undefined;
}

/** An objective's key across restarts: what identifies it in the config (its kind, owner, objective and threshold). */
export const savedKeyOf = (objective: Pick<TrackedObjective, 'kind' | 'id' | 'name' | 'thresholdMs'>): string =>
  JSON.stringify([objective.kind, objective.id, objective.name, objective.thresholdMs ?? null]);

const HOUR_MS = 3_600_000;

/**
 * What counts as bad for an endpoint (the client's view): an error answer (5xx, none, abandoned),
 * and for latency a request not finished within the threshold. A fallback the client got is good here.
 */
function isBadForEndpoint(objective: TrackedObjective, exchange: JournalExchange): boolean {
  if (objective.thresholdMs === undefined) return exchange.status >= 500 || exchange.status === 0 || exchange.abandoned;
  return exchange.abandoned || exchange.completeMs > objective.thresholdMs;
}

/**
 * What counts as bad for an upstream (the backend's view): anything but a complete answer below 500
 * from the backend itself. A fallback (upstreamMs -1: the backend's answer was not used) and Mimicus's
 * own refusals (breaker open, bulkhead full, no healthy target) are bad; for latency, no answer head
 * within the threshold is bad.
 */
function isBadForUpstream(objective: TrackedObjective, upstream: NonNullable<NonNullable<JournalExchange['applied']>['upstream']>): boolean {
  if (upstream.upstreamMs < 0) return true;
  if (objective.thresholdMs === undefined) return upstream.outcome !== 'complete' || upstream.status >= 500;
  return upstream.upstreamMs > objective.thresholdMs;
}

const keyOf = (kind: string, id: string, name: string, thresholdMs: number | undefined) => `${kind}\u0000${id}\u0000${name}\u0000${thresholdMs ?? ''}`;

/** Tracks every configured SLO's good and bad requests over its window (docs/slo.md). */
export function createSloTracker(): SloTracker {
  let byKey = new Map<string, TrackedObjective>();
  let byEndpoint = new Map<string, TrackedObjective[]>();
  let byUpstream = new Map<string, TrackedObjective[]>();
  let active = false;

  const tracker: SloTracker = {
    configure(slos) {
      const nextByKey = new Map<string, TrackedObjective>();
      const nextEndpoints = new Map<string, TrackedObjective[]>();
      const nextUpstreams = new Map<string, TrackedObjective[]>();
      const fresh: TrackedObjective[] = [];
      for (const slo of slos) {
        const windowHours = Math.max(1, Math.round(slo.windowMs / HOUR_MS));
        const list: TrackedObjective[] = [];
        for (const objective of slo.objectives) {
          const key = keyOf(slo.kind, slo.id, objective.name, objective.thresholdMs);
          const before = byKey.get(key);
          const ring = before === undefined ? new EventRing(windowHours) : before.windowHours === windowHours ? before.ring : before.ring.resized(windowHours);
          const tracked: TrackedObjective = {
            kind: slo.kind,
            id: slo.id,
            name: objective.name,
            target: objective.target,
            thresholdMs: objective.thresholdMs,
            windowHours,
            ring,
            totals: before?.totals ?? { requests: 0, bad: 0 },
          };
          nextByKey.set(key, tracked);
          list.push(tracked);
          if (before === undefined) fresh.push(tracked);
        }
        (slo.kind === 'endpoint' ? nextEndpoints : nextUpstreams).set(slo.id, list);
      }
      byKey = nextByKey;
      byEndpoint = nextEndpoints;
      byUpstream = nextUpstreams;
      active = nextByKey.size > 0;
      if (tracker.onNewObjective !== undefined) for (const objective of fresh) tracker.onNewObjective(objective);
    },

    record(exchange) {
      if (!active) return;
      const applied = exchange.applied;
      if (applied === undefined) return;
      const atMs = exchange.arrivedAtMs + exchange.completeMs;
      const endpoint = applied.endpointId === undefined ? undefined : byEndpoint.get(applied.endpointId);
      if (endpoint !== undefined) {
        for (const objective of endpoint) {
          const bad = isBadForEndpoint(objective, exchange);
          objective.ring.record(atMs, bad);
          objective.totals.requests++;
          if (bad) objective.totals.bad++;
        }
      }
      const upstream = applied.upstream;
      const forUpstream = upstream === undefined ? undefined : byUpstream.get(upstream.upstream);
      if (forUpstream !== undefined) {
        for (const objective of forUpstream) {
          const bad = isBadForUpstream(objective, upstream!);
          objective.ring.record(atMs, bad);
          objective.totals.requests++;
          if (bad) objective.totals.bad++;
        }
      }
    },

    read(nowMs) {
      const statuses: SloStatus[] = [];
      for (const objective of byKey.values()) {
        const window = objective.ring.window(nowMs);
        const lastHour = objective.ring.recent(nowMs, 60);
        const lastSixHours = objective.ring.recent(nowMs, 360);
        const head = { kind: objective.kind, id: objective.id, objective: objective.name, target: objective.target, thresholdMs: objective.thresholdMs };
        statuses.push(sloRow({ ...head, windowSeconds: objective.windowHours * 3600 }, window, lastHour, lastSixHours));
      }
      return statuses;
    },

    snapshotPart(nowMs) {
      return active ? { slos: tracker.read(nowMs) } : {};
    },

    objectives: () => byKey.values(),
    onNewObjective: undefined,
  };
  return tracker;
}
