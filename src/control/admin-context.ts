import type { FastifyRequest } from 'fastify';
import type { ChangeInfo, ControlPort } from './control-port.js';

/** What every route module gets: the port, the change's author, and one-at-a-time config changes. */
export interface AdminContext {
  readonly port: ControlPort;
  /** Author (the key's name) and the optional `X-Change-Message` header. */
  changeOf(request: FastifyRequest): ChangeInfo;
  /**
   * Runs config changes one at a time, so a read-check-apply sequence (If-Match, create with a
   * fresh id) never interleaves with another change.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}
