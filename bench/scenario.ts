import type { FidelityServerSpec } from './fidelity-server-spec.js';
import type { BenchConfig } from './mimicus-config.js';

/** The exact response a bare server sends: status, headers (content-length is added) and body. */
export interface FixedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * How to start one side of a comparison.
 * - `bare`: bench/bare-server.mjs answering `response` to every request (the ceiling of node:http).
 * - `mimicus`: the built CLI serving `config`, written to a temp YAML file.
 * - `mimicus-file`: the built CLI serving an existing config file (relative paths in it keep working).
 * - `fidelity-bare`: bench/fidelity-server.mjs, node:http + setTimeout with the behaviors of `spec`.
 * - `fastify`: bench/fastify-server.mjs, a peer for reference answering `response` with one Fastify route.
 * `redis`: a redis-server is started for this side (as the tests find one) and the config's state is
 * set to it (`state: { store: redis }`).
 * `bin` is the CLI to start instead of `--mimicus-bin` (another build, with `--against`).
 * `standIn` is what a bare server answers instead of Mimicus when the harness runs with `--stand-in`
 * (a self-test of the harness that needs no Mimicus).
 */
export type ServerSpec =
  | { kind: 'bare'; response: FixedResponse }
  | { kind: 'fastify'; response: FixedResponse }
  | { kind: 'mimicus'; config: BenchConfig; standIn: FixedResponse; bin?: string; redis?: boolean }
  | { kind: 'mimicus-file'; file: string; standIn: FixedResponse; bin?: string }
  | { kind: 'fidelity-bare'; spec: FidelityServerSpec };

/** What a correct answer looks like; returns a problem description, or undefined when correct. */
export type ResponseCheck = (answer: { status: number; body: string }) => string | undefined;

/** A request other than a bodiless GET: its method, and the body and content type it sends, if any. */
export interface SideRequest {
  method: string;
  body?: string;
  contentType?: string;
}

/** One side of an A/B comparison. */
export interface ScenarioSide {
  label: string;
  server: ServerSpec;
  /** Path (and query) requested by the load generator and by the correctness check. */
  path: string;
  /** What the load generator and the check send to `path`; absent: a GET without a body. */
  request?: SideRequest;
  check: ResponseCheck;
}

/** The method a side sends: its request's, or GET. */
export function methodOf(side: ScenarioSide): string {
  return side.request?.method ?? 'GET';
}

/**
 * A throughput scenario: A is measured against B, and the median of A.rps / B.rps over the pairs
 * must reach `targetRatio`. Add one by writing bench/scenarios/<name>.ts and listing it in
 * bench/scenarios/index.ts.
 */
export interface Scenario {
  name: string;
  /** One sentence: what is measured and why the target is what it is. */
  description: string;
  /** Minimum median A/B throughput ratio; undefined when the scenario is informational only. */
  targetRatio: number | undefined;
  a: ScenarioSide;
  b: ScenarioSide;
  /**
   * A peer's row for reference: it runs whenever the named scenario runs, so its ratio against the
   * same baseline is read in the same run (issue 19: Mimicus beside Fastify); not compared across builds.
   */
  peerOf?: string;
}

/**
 * A check that the answer has `status` and a JSON body, which `fields` then checks (returning a
 * problem description, or undefined when the fields are right).
 */
export function expectJson<T>(status: number, fields: (parsed: Partial<T>) => string | undefined): ResponseCheck {
  return ({ status: got, body }) => {
    if (got !== status) return `expected status ${status}, got ${got}: ${body.slice(0, 200)}`;
    let parsed: Partial<T>;
    try {
      parsed = JSON.parse(body) as Partial<T>;
    } catch {
      return `body is not JSON: ${JSON.stringify(body.slice(0, 200))}`;
    }
    return fields(parsed);
  };
}

/** A check that the status and the body are exactly the expected ones. */
export function expectExactly(expected: { status: number; body: string }): ResponseCheck {
  return ({ status, body }) => {
    if (status !== expected.status) return `expected status ${expected.status}, got ${status}`;
    if (body !== expected.body) return `expected body ${JSON.stringify(expected.body)}, got ${JSON.stringify(body.slice(0, 200))}`;
    return undefined;
  };
}
