/**
 * The subset of the Mimicus config (version 2) the scenarios write. Kept here rather than imported
 * from src/config so the harness keeps compiling while the schema evolves; Mimicus itself
 * validates every generated file at start-up, and a refusal stops the scenario with its message.
 */
export interface BenchResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  template?: boolean;
}

/** A latency block as written, e.g. `{ lognormal: { median: '100ms', sigma: 0.5 } }` or `{ fixed: '100ms' }`. */
export type BenchLatency = { fixed: string | number } | { lognormal: { median: string | number; sigma: number } };

export interface BenchScheduleWindow {
  name?: string;
  days?: string[];
  between?: [string, string];
  latency?: BenchLatency;
}

/** A REST collection kept in the state store: list, get, create, replace, patch, delete under the endpoint path. */
export interface BenchCrud {
  collection: string;
  key?: string;
}

interface BenchEndpointCommon {
  id: string;
  method?: string;
  path: string;
  latency?: BenchLatency;
  rateLimit?: { rate: string; burst?: number };
  bandwidth?: string;
  schedule?: { timezone?: string; windows: BenchScheduleWindow[] };
}

/** An endpoint answers with exactly one of a response or a crud collection. */
export type BenchEndpoint = BenchEndpointCommon & ({ response: BenchResponse } | { crud: BenchCrud });

export interface BenchConfig {
  version: 2;
  server?: { port?: number; seed?: number; debugHeaders?: boolean; clock?: { start: string } };
  admin?: { port?: number };
  /** Absent: the journal is on with its defaults (persisted next to the generated config). */
  journal?: false | { size?: number; persist?: boolean };
  observability?: {
    metrics?: boolean;
    cpuWarnings?: false | { thresholds?: number[]; sustain?: string; interval?: string };
    tracing?: { otlpEndpoint: string; sampleRatio?: number };
    accessLog?: boolean;
  };
  endpoints: BenchEndpoint[];
}
