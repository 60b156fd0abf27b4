import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { proxyCommand } from './proxy-command.js';
import { schemaCommand } from './schema-command.js';
import { serveCommand } from './serve-command.js';
import { stateCommand } from './state-command.js';
import { validateCommand } from './validate-command.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('mimicus')
  .description('Mimicus: an API behavior simulator')
  .version(version)
  .addCommand(serveCommand())
  .addCommand(validateCommand())
  .addCommand(schemaCommand())
  .addCommand(stateCommand())
  .addCommand(proxyCommand());

await program.parseAsync(process.argv);
