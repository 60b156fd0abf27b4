import type { Result } from '../../config/index.js';
import type { Random } from '../../distributions/index.js';

/** What a template sees: `{{request.params.id}}`, `{{request.body.name}}`, … */
export interface TemplateContext {
  request: {
    method: string;
    path: string;
    url: string;
    params: Readonly<Record<string, string>>;
    query: Readonly<Record<string, string | string[]>>;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    cookies: Readonly<Record<string, string>>;
    /** Parsed JSON when the body is JSON, else the text. */
    body: unknown;
    bodyText: string;
  };
}

/**
 * State as the state helpers see it: a synchronous view the engine loaded before rendering and
 * commits after (engine/state). `scope` is what the template said (`scope="session"`), or
 * undefined for the endpoint's own scope.
 */
export interface TemplateState {
  get(key: string, scope: string | undefined): unknown;
  /** `ttlMs`: the key expires that long after the commit; undefined: it lives until deleted. */
  set(key: string, value: unknown, scope: string | undefined, ttlMs?: number): void;
  delete(key: string, scope: string | undefined): void;
  inc(key: string, by: number, scope: string | undefined): number;
  sequence(name: string, start: number, scope: string | undefined): number;
  /**
   * The current state of a workflow's machine for this request's caller (its session, client, or
   * everyone, as the workflow is scoped): the named workflow, or with undefined the one with states
   * the endpoint belongs to. As it was when the request arrived: transitions fire after rendering.
   */
  workflowState(workflowId: string | undefined): string;
}

/** A state key a template reads with a literal name: loaded before the first render. */
export interface TemplateStateRead {
  readonly name: string;
  readonly scope: string | undefined;
}

/** A compiled template: renders synchronously; throws an AppError(TEMPLATE_RENDER_FAILED) naming the helper. */
export interface RenderTemplate {
  (context: TemplateContext, state?: TemplateState): string;
  /** Calls a state helper (state.*, sequence): needs a StateView to render. */
  readonly usesState: boolean;
  readonly stateReads: readonly TemplateStateRead[];
  /** `workflowState` calls with a literal workflow id, or none (undefined: the endpoint's own): checked and loaded before rendering. */
  readonly workflowReads: readonly (string | undefined)[];
  /** `state.inc`/`sequence` calls that run on every render with literal arguments: reserved before the first render. */
  readonly stateIncrements: readonly TemplateStateIncrement[];
}

export interface TemplateStateIncrement {
  readonly helper: 'state.inc' | 'sequence';
  readonly name: string;
  readonly by: number;
  readonly scope: string | undefined;
}

export interface TemplateEngineOptions {
  /** The Plan's seeded PRNG: faker, uuid, randomInt, pick… draw from it. */
  random: Random;
  /** Wall clock in ms since the epoch, for `now` (a port so tests can fix time). */
  now: () => number;
  /** The budget of one render; absent: the defaults of `server.templateLimits`. */
  limits?: TemplateLimits;
}

/** What one render may spend (`server.templateLimits`). */
export interface TemplateLimits {
  /** Block iterations (each, repeat, with, if… together), and the counts of inline repeats and faker word counts. */
  readonly maxIterations: number;
  /** The rendered text, and any text a helper would build on the way. */
  readonly maxOutputBytes: number;
}

/**
 * Why a template did not compile. `line` and `column` are 1-based and relative to the template
 * source, so the plan builder can add the offset of the string inside the config file.
 */
export interface TemplateCompileError {
  message: string;
  line?: number;
  column?: number;
}

export interface TemplateEngine {
  /**
   * Optional: loads what the given sources need without blocking (today: faker, which is only
   * loaded when some template calls it, to keep idle memory low). Without it, the first `compile`
   * that needs faker loads it synchronously (~35 ms, once per process). It never fails on a bad
   * template: `compile` reports those.
   */
  prepare(sources: readonly string[]): Promise<void>;
  /**
   * Parses, checks and compiles a template fully, now: syntax errors, unknown helpers, unknown
   * literal faker paths and malformed literal helper arguments are reported here, not on a request.
   */
  compile(source: string): Result<RenderTemplate, TemplateCompileError>;
}
