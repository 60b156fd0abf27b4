import type { FastifyRequest } from 'fastify';
import type { AdminPorts, ChangeInfo } from './control-port.js';

/** What every route module gets: the ports it may use, and who makes a change. */
export interface AdminContext extends AdminPorts {
  /** Author (the key's name) and the optional `X-Change-Message` header. */
  changeOf(request: FastifyRequest): ChangeInfo;
}
