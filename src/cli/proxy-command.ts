import { join } from 'node:path';
import { Command } from 'commander';
import { withServingOptions } from './serving-options.js';
import { serveConfig, type ServeOptions } from './serve-command.js';

/**
 * `mimicus proxy <url>`: a pass-through proxy to one backend with the admin API and console beside
 * it, so mocks and behaviors can be added to real traffic live (partial mocking: every request no
 * endpoint matches is forwarded).
 */
export function proxyCommand(): Command {
  return withServingOptions(
    new Command('proxy')
      .description('forward every request to a backend; add mocks and behaviors live through the admin API')
      .argument('<url>', 'the backend, e.g. http://127.0.0.1:9000'),
    {
      port: 'port to listen on (default 8080; 0 picks a free port)',
      host: 'address to bind (default 127.0.0.1)',
      seed: 'seed of the random choices',
      dataDir: 'where state, the request journal and config versions are kept (default: .mimicus/ here)',
      admin: 'do not serve the admin API and console',
      adminPort: 'port of the admin API (default: the first free port after the data port)',
      adminHost: 'address the admin API binds (loopback only: this command configures no API keys)',
    },
  ).action((url: string, options: ServeOptions) =>
    serveConfig(
      {
        version: 2,
        upstreams: [{ id: 'backend', targets: [{ url }] }],
        server: { unmatched: { proxy: { upstream: 'backend' } } },
        endpoints: [],
      },
      `mimicus proxy ${url}`,
      { ...options, watch: false, writeBack: false },
      { dataDirDefault: join(process.cwd(), '.mimicus') },
    ),
  );
}
