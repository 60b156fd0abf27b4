/**
 * The parts of the admin API's answers the console reads (README "Admin API", /api/openapi.json).
 * Written by hand for now: only the fields shown here, so a server that adds fields breaks nothing.
 */

export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
  /** The endpoint or workflow the path points into, so a conflict can link to the other side. */
  readonly id?: string;
  readonly related?: readonly { readonly path: string; readonly id?: string }[];
}

/** An RFC 9457 problem as the admin API sends it. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly issues?: readonly ConfigIssue[];
}

/** An endpoint definition: the config's own shape; the console reads a few blocks and keeps the rest as is. */
export interface EndpointDefinition {
  readonly id: string;
  readonly method?: string | readonly string[];
  readonly path: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly errors?: readonly unknown[];
  readonly rateLimit?: unknown;
  readonly bandwidth?: unknown;
  readonly latency?: unknown;
  readonly response?: { readonly status?: number; readonly body?: string; readonly [field: string]: unknown };
  readonly [block: string]: unknown;
}

export interface EndpointMetrics {
  readonly endpoint: string;
  readonly requests: number;
  readonly errorRate: number;
}

export interface MetricsSummary {
  readonly windows: Record<string, { readonly endpoints: readonly EndpointMetrics[] }>;
}

// The journal's shapes are the server's own (src/observe/journal/journal.ts has no imports, so it
// typechecks here too): a change to what the API answers shows up in the console's types at once.
// The console calls a list item an entry and the full entry a detail.
export type {
  JournalSummary as JournalEntry,
  JournalBody,
  JournalEntry as JournalDetail,
} from '../../../src/observe/journal/journal.ts';

export interface ServerStatus {
  readonly version: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly planId: number;
  readonly endpoints: number;
  readonly workflows: number;
  readonly dataDir: string | false;
  readonly configFile?: string;
  readonly activeWindows: readonly unknown[];
}

/** `request.completed` from `/api/events`: no journal id, so the console refetches the journal for details. */
export interface RequestCompleted {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly endpoint?: string;
  readonly durationMs: number;
  readonly abandoned: boolean;
}

export type AdminEvent =
  | { readonly type: 'request.completed'; readonly time: string; readonly data: RequestCompleted }
  | { readonly type: string; readonly time: string; readonly data: unknown };
