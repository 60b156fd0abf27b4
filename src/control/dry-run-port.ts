import type { ConfigIssue, Endpoint, Result } from '../config/index.js';
import type { NearMiss } from '../plan/index.js';

/** A request made up for a dry run (`POST /api/match`, `POST /api/preview`); nothing is sent. */
export interface SampleRequest {
  readonly method: string;
  /** May carry a query string (`/users?page=2`). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Added to the query of `path`. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** JSON, or text as a string. */
  readonly body?: unknown;
}

/** The behaviors that would shape the answer now: the active schedule window's, else the endpoint's base. */
export interface ResolvedBehaviors {
  /** The latency distribution's label, e.g. `lognormal(median 100ms, σ 0.5)`. */
  readonly latency?: string;
  /** Each fault with its own probability. */
  readonly faults: readonly { readonly label: string; readonly rate: number }[];
  readonly rateLimit?: { readonly quota: number; readonly windowSeconds: number; readonly burst: number; readonly key: string; readonly bucket: string };
  /** Rate limits shared by a workflow. */
  readonly sharedLimits: readonly { readonly quota: number; readonly windowSeconds: number; readonly bucket: string }[];
  readonly bandwidthBytesPerSecond?: number;
  /** The schedule window in force, by name. */
  readonly window?: string;
}

/**
 * Which endpoint would answer a request now. State is not consulted: endpoints that match on
 * state (`match.state`, `whenState`) are evaluated as if no state were stored (workflows in their
 * initial state), and `stateConsulted: false` says so.
 */
export type MatchReport =
  | {
      readonly matched: true;
      readonly endpoint: { readonly id: string; readonly methods: readonly string[] | null; readonly path: string };
      readonly params: Readonly<Record<string, string>>;
      readonly behaviors: ResolvedBehaviors;
      readonly stateConsulted: boolean;
    }
  | { readonly matched: false; readonly nearMisses: readonly NearMiss[]; readonly stateConsulted: boolean };

export interface PreviewInput {
  /** A saved endpoint's id… */
  readonly endpoint?: string;
  /** …or an unsaved definition, compiled on its own with the served config's defaults. */
  readonly definition?: Endpoint;
  readonly request: SampleRequest;
}

export interface PreviewResponse {
  readonly endpoint: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: string;
  /** `base64` when the body is bytes that are not UTF-8. */
  readonly bodyEncoding: 'utf8' | 'base64';
  /** The variant rendered, when the response has variants (always the first). */
  readonly variant?: string;
  readonly behaviors: ResolvedBehaviors;
}

/** Dry runs over the served Plan: nothing is recorded, no state or rate-limit bucket is touched. */
export interface DryRunPort {
  match(request: SampleRequest): MatchReport;
  /**
   * Rejects with ENDPOINT_NOT_FOUND, or PREVIEW_UNSUPPORTED for responses that need state (state
   * helpers, CRUD, responses per workflow state); an invalid definition gives its issues.
   */
  preview(input: PreviewInput): Promise<Result<PreviewResponse, ConfigIssue[]>>;
  /** The schedule windows in force right now (by the schedule clock), per endpoint that has one. */
  activeWindows(): ActiveWindow[];
  /** What a latency block would do (`POST /api/latency/preview`); an invalid block gives its issues. */
  previewLatency(latency: unknown): Result<LatencyPreview, ConfigIssue[]>;
}

/** A latency distribution as the console plots it. */
export interface LatencyPreview {
  /** e.g. `lognormal(median 100ms, σ 0.5)`. */
  readonly label: string;
  /** p50, p90, p95, p99 and p999, in ms. */
  readonly percentiles: Readonly<Record<string, number>>;
  /** The probability of each of 40 equal bins between the 0.1% and 99.9% quantiles. */
  readonly bins: readonly { readonly fromMs: number; readonly toMs: number; readonly probability: number }[];
}

export interface ActiveWindow {
  readonly endpoint: string;
  readonly window: string;
}
