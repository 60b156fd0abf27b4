/** What an attack sees while it runs. */
export interface AttackContext {
  /** The data plane, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  port: number;
  /** The config file the server was started from (and watches). */
  configFile: string;
  /** Aborted when the attack's window ends: every attack stops sending and closes its sockets then. */
  signal: AbortSignal;
  log(line: string): void;
}

/**
 * One attack of issue 13, run against a fresh Mimicus while the probe sends matched requests.
 * Add one by writing bench/attacks/<name>.ts and listing it in bench/attacks/index.ts.
 */
export interface Attack {
  name: string;
  /** One sentence: what is sent, how much, and what the issue measured before the fixes. */
  description: string;
  /** The config the server starts with (YAML); it always serves GET /hello, the probe's target. */
  config: string;
  /**
   * The attack means the same against any HTTP server (no Mimicus feature in it): `--peers` also
   * runs it against the Node floor and nginx, to show what this machine allows.
   */
  peers?: boolean;
  /**
   * Runs until `signal` aborts (or earlier when its count is spent) and returns a short note of
   * what it did (connections held, requests sent, answers seen).
   */
  run(context: AttackContext): Promise<string>;
}

/** Resolves when the window ends. */
export const untilAborted = (signal: AbortSignal): Promise<void> =>
  signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** Resolves after `ms`, or at once when the window ends. */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
