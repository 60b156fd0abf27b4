import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodes } from './exit-codes.js';
import { importCommand } from './import-command.js';
import { initCommand } from './init-command.js';
import { proxyCommand } from './proxy-command.js';
import { schemaCommand } from './schema-command.js';
import { serveCommand } from './serve-command.js';
import { stateCommand } from './state-command.js';
import { validateCommand } from './validate-command.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// `mimicus schema | head`: the reader went away, which is how a pipe ends, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitCodes.ok);
    throw error;
  });
}

const program = new Command('mimicus')
  .description('Mimicus: an API behavior simulator')
  .version(version)
  .addCommand(serveCommand())
  .addCommand(validateCommand())
  .addCommand(importCommand())
  .addCommand(schemaCommand())
  .addCommand(stateCommand())
  .addCommand(initCommand())
  .addCommand(proxyCommand());

/** Commander exits 1 on a usage error; scripts need it told apart from an invalid config (1), so 2. */
function exitOnUsageErrors(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOnUsageErrors(sub);
}
exitOnUsageErrors(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
}
