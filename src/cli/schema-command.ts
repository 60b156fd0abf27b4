import { Command } from 'commander';
import { publishedSchema } from '../config/index.js';

export function schemaCommand(): Command {
  return new Command('schema').description('print the JSON Schema of the config, for editor autocompletion').action(() => {
    process.stdout.write(`${JSON.stringify(publishedSchema(), null, 2)}\n`);
  });
}
