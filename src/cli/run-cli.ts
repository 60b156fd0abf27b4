import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodes } from './exit-codes.js';

/**
 * Each command's module, loaded only when it runs: `serve` then does not load the importers (a
 * tenth of a start's modules) that `import` needs to list its formats. Help and unknown commands
 * load them all, in this order (the order of `mimicus --help`).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand(),
  validate: async () => (await import('./validate-command.js')).validateCommand(),
  import: async () => (await import('./import-command.js')).importCommand(),
  schema: async () => (await import('./schema-command.js')).schemaCommand(),
  state: async () => (await import('./state-command.js')).stateCommand(),
  init: async () => (await import('./init-command.js')).initCommand(),
  proxy: async () => (await import('./proxy-command.js')).proxyCommand(),
};

/**
 * Runs the command `process.argv` names. A function, not top-level code, so that the CLI can also
 * be bundled as one CommonJS script (scripts/bundle-cli.mjs), which has no top-level await.
 */
export async function runCli(): Promise<void> {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

  // `mimicus schema | head`: the reader went away, which is how a pipe ends, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitCodes.ok);
      throw error;
    });
  }

  const program = new Command('mimicus').description('Mimicus: an API behavior simulator').version(version);
  const invoked = process.argv[2];
  const needed = invoked !== undefined && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
  for (const command of await Promise.all(needed.map((name) => COMMANDS[name]!()))) program.addCommand(command);
  exitOnUsageErrors(program);

  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
}

/** Commander exits 1 on a usage error; scripts need it told apart from an invalid config (1), so 2. */
function exitOnUsageErrors(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOnUsageErrors(sub);
}
