import { Command, Option } from 'commander';
import { AppError, ConfigInvalidError, createLogger, createMimicus, type AdminListenOptions, type LogLevel } from '../app/index.js';
import { formatIssue } from '../config/index.js';
import { integerIn, LOG_LEVELS, parseInstant } from './parse-options.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  seed?: number;
  logLevel: LogLevel;
  pretty?: boolean;
  clockStart?: Date;
  dataDir?: string;
  admin: boolean;
  watch: boolean;
  adminPort?: number;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the endpoints of a config file')
    .argument('[config]', 'config file (YAML or JSON)', 'mimicus.yaml')
    .option('-p, --port <port>', 'port to listen on (overrides server.port; 0 picks a free port)', integerIn('--port', 0, 65535))
    .option('-H, --host <host>', 'address to bind (overrides server.host)')
    .option('--seed <seed>', 'seed of the random choices (overrides server.seed)', integerIn('--seed', 0, 2 ** 31 - 1))
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .option('--no-pretty', 'JSON logs even in a terminal')
    .option('--data-dir <dir>', 'where state, the request journal and config versions are kept, in SQLite (default: .mimicus/ next to the config)')
    .option('--no-admin', 'do not serve the admin API')
    .option('--no-watch', 'do not apply outside edits of the config file and its includes')
    .option('--admin-port <port>', 'port of the admin API (overrides admin.port; --port 0 alone also picks a free admin port)', integerIn('--admin-port', 0, 65535))
    .option('--clock-start <instant>', 'run the schedule clock from this ISO 8601 instant (overrides server.clock.start)', parseInstant)
    .action((file: string, options: ServeOptions) => serveConfig(file, file, options));
}

/** Serves a config file, or a config object (`mimicus proxy`), until SIGINT/SIGTERM. */
export async function serveConfig(file: string | object, name: string, options: ServeOptions): Promise<void> {
  const logger = createLogger({ level: options.logLevel, ...(options.pretty === false ? { pretty: false } : {}) });
  let mimicus;
  try {
    mimicus = await createMimicus(file, {
      logger,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.clockStart !== undefined ? { clockStart: options.clockStart } : {}),
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      admin: options.admin ? adminListenOptions(options) : false,
      watch: options.watch,
    });
  } catch (error) {
    // Operational failures (no admin keys off loopback, a data directory that cannot be used) are one line, not a stack.
    if (error instanceof AppError) {
      process.stderr.write(`mimicus: ${error.code}: ${error.detail ?? error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (!(error instanceof ConfigInvalidError)) throw error;
    process.stderr.write(`${name} is not a valid Mimicus config:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    await mimicus.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    process.stderr.write(`mimicus: cannot listen: ${(error as Error).message} (the data plane: server.port / --port; the admin API: admin.port / --admin-port)\n`);
    await mimicus.close();
    process.exitCode = 1;
    return;
  }
  logger.info(
    { url: mimicus.url, endpoints: mimicus.plan.endpoints.length, seed: mimicus.plan.seed },
    `Mimicus listening on ${mimicus.url}`,
  );
  if (mimicus.adminListening) logger.info({ adminUrl: mimicus.adminUrl }, `admin API on ${mimicus.adminUrl}/api (OpenAPI: /api/openapi.json)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests in flight');
    void mimicus.close().then(() => {
      logger.info({}, 'stopped');
      process.exit(0);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** `--port 0` is a throwaway run (tests, scripts): the admin API then takes a free port too, unless given one. */
function adminListenOptions(options: ServeOptions): AdminListenOptions {
  const port = options.adminPort ?? (options.port === 0 ? 0 : undefined);
  return port === undefined ? {} : { port };
}
