import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { exitCodes } from './exit-codes.js';
import { STARTER_CONFIG } from './starter-config.js';

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter config (never overwrites a file unless --force)')
    .argument('[file]', 'where to write it', 'mimicus.yaml')
    .option('--force', 'replace the file if it exists')
    .action((file: string, options: { force?: boolean }) => {
      try {
        // O_EXCL: an existing file (or a symlink planted there) is never written through.
        writeFileSync(file, STARTER_CONFIG, { flag: options.force ? 'w' : 'wx', mode: 0o644 });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        process.stderr.write(
          code === 'EEXIST'
            ? `mimicus: ${resolve(file)} exists; pass --force to replace it\n`
            : `mimicus: cannot write ${resolve(file)}: ${code ?? String(error)}\n`,
        );
        process.exitCode = exitCodes.refused;
        return;
      }
      process.stdout.write(`wrote ${file}\nnext: npx mimicus serve ${file}   (then: curl http://127.0.0.1:8080/api/health)\n`);
    });
}
