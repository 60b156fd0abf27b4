import type { Mimicus, MimicusOptions } from '../app/index.js';

/** One process's part in `mimicus serve --workers N`, as the serve command drives it. */
export interface ClusterRole {
  readonly kind: 'primary' | 'worker';
  /** What createMimicus gets on top of the command line's options (`dataDir` is the resolved data directory). */
  options(dataDir: string): Promise<Pick<MimicusOptions, 'cluster' | 'admin' | 'watch' | 'writeBack'>>;
  /** Starts serving; resolves with the data plane's URL. */
  listen(mimicus: Mimicus, port?: number, host?: string): Promise<string>;
  /** Drains requests in flight (every worker's, from the primary) and closes. */
  close(mimicus: Mimicus): Promise<void>;
}
