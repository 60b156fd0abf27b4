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

export interface BenchEndpoint {
  id: string;
  method?: string;
  path: string;
  response: BenchResponse;
}

export interface BenchConfig {
  version: 2;
  server?: { port?: number; seed?: number };
  endpoints: BenchEndpoint[];
}
