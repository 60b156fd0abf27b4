import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { loadPlan } from '../app/index.js';
import { formatIssue } from '../config/index.js';
import { exitCodes } from './exit-codes.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check config files: exit 0, or print every problem with its path and line:column and exit 1 (4 when a file does not exist)')
    .argument('<configs...>', 'config files (YAML or JSON)')
    .action(async (files: string[]) => {
      let invalid = false;
      let missing = false;
      for (const file of files) {
        if (!existsSync(file)) {
          missing = true;
          process.stderr.write(`${file}: CONFIG_NOT_FOUND: no such file\n`);
          continue;
        }
        // A full compile, not only the schema: templates, path templates and conflicts are checked too.
        const result = await loadPlan(file, { seed: 0 });
        if (result.ok) {
          process.stdout.write(`${file}: valid (${result.value.plan.endpoints.length} endpoints)\n`);
          continue;
        }
        invalid = true;
        process.stderr.write(`${file}: ${result.error.length} problem(s)\n`);
        for (const issue of result.error) process.stderr.write(`  ${formatIssue(issue)}\n`);
      }
      if (invalid) process.exitCode = exitCodes.configInvalid;
      else if (missing) process.exitCode = exitCodes.configNotFound;
    });
}
