import { join } from 'node:path';
import { Command, Option } from 'commander';
import { integerIn, LOG_LEVELS } from './parse-options.js';
import { serveConfig, type ServeOptions } from './serve-command.js';

/**
 * `mimicus proxy <url>`: a pass-through proxy to one backend with the admin API and console beside
 * it, so mocks and behaviors can be added to real traffic live (partial mocking: every request no
 * endpoint matches is forwarded).
 */
export function proxyCommand(): Command {
  return new Command('proxy')
    .description('forward every request to a backend; add mocks and behaviors live through the admin API')
    .argument('<url>', 'the backend, e.g. http://127.0.0.1:9000')
    .option('-p, --port <port>', 'port to listen on (default 8080; 0 picks a free port)', integerIn('--port', 0, 65535))
    .option('-H, --host <host>', 'address to bind (default 127.0.0.1)')
    .option('--seed <seed>', 'seed of the random choices', integerIn('--seed', 0, 2 ** 31 - 1))
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .option('--no-pretty', 'JSON logs even in a terminal')
    .option('--data-dir <dir>', 'where state, the request journal and config versions are kept (default: .mimicus/ here)')
    .option('--no-admin', 'do not serve the admin API')
    .option('--admin-port <port>', 'port of the admin API', integerIn('--admin-port', 0, 65535))
    .action((url: string, options: ServeOptions) =>
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
