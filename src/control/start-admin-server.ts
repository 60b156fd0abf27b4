import type { AdminServer, AdminServerOptions } from './create-admin-server.js';
import type { AdminPorts } from './control-port.js';

/**
 * createAdminServer, with the admin API's code (Fastify, its plugins, the routes) imported on the
 * first call: a server started without the admin API (`--no-admin`, `admin: false`, an embedding
 * that never calls listenAdmin) does not pay the RSS they take (about 3 MiB once settled, measured on the quickstart).
 */
export async function startAdminServer(ports: AdminPorts, options: AdminServerOptions): Promise<AdminServer> {
  const { createAdminServer } = await import('./create-admin-server.js');
  return createAdminServer(ports, options);
}
