import { Option, type Command } from 'commander';
import { integerIn, LOG_LEVELS } from './parse-options.js';

/** How the help texts name what an option overrides: `serve` reads a config file, `proxy` makes its config. */
interface ServingTexts {
  readonly port: string;
  readonly host: string;
  readonly seed: string;
  readonly dataDir: string;
  readonly admin: string;
  readonly adminPort: string;
  readonly adminHost: string;
}

/**
 * The options every command that serves shares (`serve`, `proxy`): where to listen, the seed, logs,
 * the data directory and the admin API. One definition, so the commands cannot drift apart. No -H
 * for --host: curl users read -H as a header (`mimicus serve -H 'x-a: b'` bound to a host named that).
 */
export function withServingOptions(command: Command, texts: ServingTexts): Command {
  return command
    .option('-p, --port <port>', texts.port, integerIn('--port', 0, 65535))
    .option('--host <host>', texts.host)
    .option('--seed <seed>', texts.seed, integerIn('--seed', 0, 2 ** 31 - 1))
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .option('--no-pretty', 'JSON logs even in a terminal')
    .option('--data-dir <dir>', texts.dataDir)
    .option('--no-admin', texts.admin)
    .option('--admin-port <port>', texts.adminPort, integerIn('--admin-port', 0, 65535))
    .option('--admin-host <host>', texts.adminHost);
}
