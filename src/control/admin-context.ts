import type { FastifyRequest } from 'fastify';
import type { ChangeInfo, ControlPort } from './control-port.js';

/** What every route module gets: the port, the change's author, and one-at-a-time config changes. */
export interface AdminContext {
  readonly port: ControlPort;
  /** Author (the key's name) and the optional `X-Change-Message` header. */
  changeOf(request: FastifyRequest): ChangeInfo;
  /** The port's one-at-a-time lock for config changes (see ControlPort.exclusive). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}
