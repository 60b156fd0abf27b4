import type { ConfigIssue, Endpoint, Result } from '../config/index.js';
import type { ActiveWindow, LatencyPreview, MatchReport, PreviewResponse } from '../contract/index.js';

// What the dry-run routes answer is the API contract's shape (src/contract); the plan's NearMiss must fit it.
export type { ActiveWindow, LatencyPreview, MatchReport, PreviewResponse, ResolvedBehaviors } from '../contract/index.js';

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

export interface PreviewInput {
  /** A saved endpoint's id… */
  readonly endpoint?: string;
  /** …or an unsaved definition, compiled on its own with the served config's defaults. */
  readonly definition?: Endpoint;
  readonly request: SampleRequest;
}

/** Dry runs over the served Plan: nothing is recorded, no state is written, no rate-limit bucket is touched. */
export interface DryRunPort {
  /**
   * Endpoints that match on state see the stored state of the sample's session (its session header
   * or cookie; without either, the session of `callerAddress`, as the data plane would do).
   */
  match(request: SampleRequest, callerAddress: string): Promise<MatchReport>;
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
