import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { AppError, ConfigInvalidError, createLogger, createMimicus, type AdminListenOptions, type Logger, type LogLevel } from '../app/index.js';
import { formatIssue } from '../config/index.js';
import { clusterRoleFor, parseWorkerCount } from '../workers/index.js';
import { ensureDataDir } from './ensure-data-dir.js';
import { exitCodes } from './exit-codes.js';
import { parseInstant, workerCount } from './parse-options.js';
import { withServingOptions } from './serving-options.js';
import { reportAppError } from './report-app-error.js';

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
  writeBack: boolean;
  adminPort?: number;
  adminHost?: string;
  /** OpenAPI served directly: request checks on (`validate:` rules), other statuses as weighted variants. */
  validate?: boolean;
  variants?: boolean;
  security?: boolean;
  /** `--workers`: processes sharing the data port (1: this process serves). */
  workers?: number;
}

export function serveCommand(): Command {
  return (
    // The options shared with `proxy` (serving-options.ts), then serve's own.
    withServingOptions(
      new Command('serve').description('serve the endpoints of a config file').argument('[config]', 'config file (YAML or JSON)', 'mimicus.yaml'),
      {
        port: 'port to listen on (overrides server.port; 0 picks a free port)',
        host: 'address to bind (overrides server.host; 0.0.0.0 in a container)',
        seed: 'seed of the random choices (overrides server.seed)',
        dataDir: 'where state, the request journal and config versions are kept, in SQLite (default: .mimicus/ next to the config)',
        admin: 'do not serve the admin API and console',
        adminPort: 'port of the admin API (overrides admin.port; default: the first free port after the data port)',
        adminHost: 'address the admin API binds (overrides admin.host; beyond loopback the config needs admin.apiKeys)',
      },
    )
      .option('--no-watch', 'do not apply outside edits of the config file and its includes')
      .option('--no-write-back', 'keep admin API and console changes in memory (and the version history); never rewrite the config file')
      .option(
        '--workers <n>',
        'worker processes sharing the data port: a number, or auto (one per core); see docs/workers.md',
        workerCount(parseWorkerCount),
        1,
      )
      .option('--clock-start <instant>', 'run the schedule clock from this ISO 8601 instant (overrides server.clock.start)', parseInstant)
      .option('--validate', 'an OpenAPI document: check requests against it (400/422 problem+json listing every violation)')
      .option('--variants', 'an OpenAPI document: serve every documented status as weighted variants of the main endpoint')
      .option('--no-security', 'an OpenAPI document with --validate: do not answer 401 to requests without the credentials it asks for')
      .action(async (file: string, options: ServeOptions) => {
        if (!existsSync(file)) {
          process.stderr.write(`mimicus: CONFIG_NOT_FOUND: no config file ${resolve(file)}; write a starter one with: mimicus init ${file}\n`);
          process.exitCode = exitCodes.configNotFound;
          return;
        }
        const logger = createLogger({ level: options.logLevel, ...(options.pretty === false ? { pretty: false } : {}) });
        // An OpenAPI / Swagger document (or another importable format) is imported in memory and served.
        const foreign = (await startsAsConfig(file))
          ? ({ kind: 'config' } as const)
          : await (
              await import('../import/index.js')
            ).importForServe(file, {
              validate: options.validate === true,
              variants: options.variants === true,
              security: options.security !== false,
            });
        if (foreign.kind === 'failed') {
          process.stderr.write(
            `${file} could not be imported:\n${foreign.errors.map((e) => `  ${e.source}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`).join('\n')}\n`,
          );
          process.exitCode = 1;
          return;
        }
        if (foreign.kind === 'config' && (options.validate || options.variants)) {
          logger.warn(
            {},
            `--validate and --variants apply to an OpenAPI document served directly; ${file} is a Mimicus config (its endpoints' own validate: and variants: apply)`,
          );
        }
        if (foreign.kind === 'imported') {
          const { result } = foreign;
          logger.info(
            { format: result.format, endpoints: result.config.endpoints?.length ?? 0, warnings: result.warnings.length, skipped: result.skipped.length },
            `${file} is ${result.format === 'openapi' ? 'an OpenAPI document' : `a ${result.format} file`}: imported in memory (\`mimicus import ${file} -o mocks.yaml\` writes it as a config you can edit)`,
          );
        }
        await serveConfig(foreign.kind === 'imported' ? foreign.config : file, file, options, {
          logger,
          dataDirDefault: join(dirname(resolve(file)), '.mimicus'),
        });
        // A worker that could not start exits (its IPC channel would keep it alive); the primary reports it.
        if (cluster.isWorker && process.exitCode) process.exit(process.exitCode);
      })
  );
}

/** How much of a file is read to tell a Mimicus config from a document to import. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Whether the file's first bytes say `version:` at the top level, as a Mimicus config does (an
 * OpenAPI document's sits under `info:`). Then the importers (a tenth of a start's modules) are
 * not loaded; anything else goes to importForServe, which decides on the whole text.
 */
async function startsAsConfig(file: string): Promise<boolean> {
  // Only a regular file is read here: a FIFO or a device would block the start (importForServe and the loader refuse them).
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return false;
  const handle = await open(file).catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(SNIFF_BYTES) });
    return /^version\s*:/m.test(buffer.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Serves a config file, or a config object (`mimicus proxy`, an imported document), until SIGINT/SIGTERM. */
export async function serveConfig(
  config: string | object,
  name: string,
  options: ServeOptions,
  context: { logger?: Logger; dataDirDefault: string },
): Promise<void> {
  const dataDir = ensureDataDir(options.dataDir ?? context.dataDirDefault);
  if (!dataDir.ok) {
    process.stderr.write(`mimicus: DATA_DIR_UNUSABLE: ${dataDir.message} (--data-dir)\n`);
    process.exitCode = exitCodes.dataDirUnusable;
    return;
  }
  const logger = context.logger ?? createLogger({ level: options.logLevel, ...(options.pretty === false ? { pretty: false } : {}) });
  // `--workers N`: this process is the primary (admin API, no requests) or one of its workers.
  const role = clusterRoleFor(options.workers ?? 1, logger);
  let mimicus;
  try {
    mimicus = await createMimicus(config as Parameters<typeof createMimicus>[0], {
      logger,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.clockStart !== undefined ? { clockStart: options.clockStart } : {}),
      dataDir: dataDir.dir,
      admin: options.admin ? adminListenOptions(options) : false,
      watch: options.watch,
      writeBack: options.writeBack,
      ...(role ? await role.options(dataDir.dir) : {}),
    });
  } catch (error) {
    // Operational failures (no admin keys off loopback, a data directory that cannot be used) are one line, not a stack.
    if (error instanceof AppError) return reportAppError(error);
    if (!(error instanceof ConfigInvalidError)) throw error;
    process.stderr.write(`${name} is not a valid Mimicus config:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    process.exitCode = exitCodes.configInvalid;
    return;
  }
  let url: string;
  try {
    url = role ? await role.listen(mimicus) : (await mimicus.listen(), mimicus.url);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A worker that could not start ends the start; it has said why on stderr.
    if ((error as { workerExitCode?: number }).workerExitCode !== undefined) {
      process.stderr.write(`mimicus: ${(error as Error).message}\n`);
      await mimicus.close();
      process.exitCode = (error as { workerExitCode: number }).workerExitCode;
      return;
    }
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    process.stderr.write(
      `mimicus: cannot listen: ${(error as Error).message} (the data plane: server.port / --port; the admin API: admin.port / --admin-port)\n`,
    );
    await mimicus.close();
    process.exitCode = exitCodes.portUnavailable;
    return;
  }
  // A worker's part ends here: the primary logs for all, and drains them on a signal.
  if (role?.kind === 'worker') return;
  logger.info({ url, endpoints: mimicus.plan.endpoints.length, seed: mimicus.plan.seed }, `Mimicus listening on ${url} (data plane: your mocks)`);
  if (mimicus.adminListening) {
    logger.info({ adminUrl: mimicus.adminUrl }, `console on ${mimicus.adminUrl}/ , admin API on ${mimicus.adminUrl}/api (OpenAPI: /api/openapi.json)`);
  }
  if (!options.writeBack && typeof config === 'string')
    logger.info(
      { file: resolve(config) },
      `${name} is served read-only: changes made through the console or the admin API are kept as versions, not written to it`,
    );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests in flight');
    void (role ? role.close(mimicus) : mimicus.close()).then(() => {
      logger.info({}, 'stopped');
      process.exit(exitCodes.ok);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** `--port 0` is a throwaway run (tests, scripts): the admin API then takes a free port too, unless given one. */
function adminListenOptions(options: ServeOptions): AdminListenOptions {
  const port = options.adminPort ?? (options.port === 0 ? 0 : undefined);
  return { ...(port !== undefined ? { port } : {}), ...(options.adminHost !== undefined ? { host: options.adminHost } : {}) };
}
