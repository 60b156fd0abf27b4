import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  formatReport,
  importers,
  mergeIntoText,
  readImportSource,
  runImport,
  writeConfig,
  type ImportError,
  type ImportFormat,
  type ImportResult,
} from '../import/index.js';
import { integerIn } from './parse-options.js';

interface ImportOptions {
  format: ImportFormat | 'auto';
  out?: string;
  into?: string;
  variants?: boolean;
  security?: boolean;
  validate?: boolean;
  seed?: number;
  verbose?: boolean;
  remoteRefs?: boolean;
}

/** Written beside the target, then renamed over it: a reader never sees half a config. */
async function writeAtomically(file: string, text: string | Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Body files go under the config's folder only: a key from an importer never escapes it. */
async function writeBodyFiles(configFile: string, files: ReadonlyMap<string, string | Buffer>): Promise<void> {
  const root = dirname(resolve(configFile));
  for (const [relative, text] of files) {
    const target = resolve(root, relative);
    if (relative.split(/[\\/]/).includes('..') || !target.startsWith(`${root}/`)) throw new Error(`body file "${relative}" would be written outside ${root}`);
    await writeAtomically(target, text);
  }
}

const printErrors = (errors: readonly ImportError[]) => {
  for (const e of errors) process.stderr.write(`  ${e.source}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}\n`);
};

/** A one-line bar on stderr for large inputs on a terminal; nothing otherwise (pipes, CI logs). */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    if (total < 50) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

export function importCommand(): Command {
  return new Command('import')
    .description("turn an OpenAPI / Swagger document (or another tool's mocks) into a Mimicus config, and report what was imported")
    .argument('<source>', 'a file, a directory or an http(s) URL')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', ...importers.map((i) => i.format)]).default('auto'))
    .option('-o, --out <file>', 'write the config here (bodies over 4 KiB go to <name>.bodies/ beside it); default: print it')
    .option('--into <file>', 'add the imported endpoints to this existing config (conflicting ones are left out and reported)')
    .option('--variants', 'OpenAPI: serve every documented status as weighted variants of the main endpoint')
    .option('--validate', 'OpenAPI: check requests against the spec (400/422 problem+json listing every violation)')
    .option('--no-security', 'OpenAPI with --validate: do not answer 401 to requests without the credentials the spec asks for')
    .option('--seed <seed>', 'seed of generated bodies (same input and seed, same output)', integerIn('--seed', 0, 2 ** 31 - 1))
    .option('--remote-refs', 'fetch http(s) $refs of a local file too')
    .option('--verbose', 'list every warning (default: the first 50)')
    .action(async (location: string, options: ImportOptions) => {
      if (options.out !== undefined && options.into !== undefined) {
        process.stderr.write('mimicus import: give --out or --into, not both\n');
        process.exitCode = 2;
        return;
      }
      const started = performance.now();
      const read = await readImportSource(location, { allowRemoteRefs: options.remoteRefs === true });
      if (!read.ok) {
        process.stderr.write(`mimicus import: cannot read ${location}:\n`);
        printErrors(read.error);
        process.exitCode = 1;
        return;
      }
      const outcome = runImport(read.value, {
        format: options.format,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        options: {
          variants: options.variants === true,
          validate: options.validate === true,
          security: options.security !== false,
          // Binary bodies (a recorded image) need a folder beside the config to go to.
          bodyFiles: options.out !== undefined || options.into !== undefined,
        },
        ...(progressBar() ? { onProgress: progressBar()! } : {}),
      });
      if (!outcome.ok) {
        process.stderr.write(`mimicus import: ${location} could not be imported:\n`);
        printErrors(outcome.error);
        process.exitCode = 1;
        return;
      }
      const result: ImportResult = {
        ...outcome.value,
        warnings: [...(read.refErrors ?? []).map((e) => ({ source: e.source, message: e.message })), ...outcome.value.warnings],
      };
      const target = options.into ?? options.out;
      const written = writeConfig(result, {
        source: /^[a-z]+:\/\//i.test(location) ? location : basename(location),
        bodyDir: target === undefined ? 'bodies' : `${basename(target, extname(target))}.bodies`,
        ...(target === undefined ? { inlineLimit: Infinity } : {}),
      });
      let conflicts;
      if (options.into !== undefined) {
        const existing = await readFile(options.into, 'utf8').catch(() => undefined);
        if (existing === undefined) {
          process.stderr.write(`mimicus import: cannot read ${options.into}\n`);
          process.exitCode = 1;
          return;
        }
        const merged = mergeIntoText(existing, written.config.endpoints ?? []);
        if (!merged.ok) {
          process.stderr.write(`mimicus import: ${options.into}: ${merged.message}\n`);
          process.exitCode = 1;
          return;
        }
        conflicts = merged.merge.conflicts;
        await writeBodyFiles(options.into, written.bodyFiles);
        await writeAtomically(options.into, merged.text);
      } else if (options.out !== undefined) {
        await writeBodyFiles(options.out, written.bodyFiles);
        await writeAtomically(options.out, written.text);
      } else {
        process.stdout.write(written.text);
      }
      process.stderr.write(formatReport(result, { ...(options.verbose ? {} : { maxListed: 50 }), ...(conflicts ? { conflicts } : {}) }));
      const ms = Math.round(performance.now() - started);
      if (target !== undefined)
        process.stderr.write(`wrote ${target}${written.bodyFiles.size > 0 ? ` and ${written.bodyFiles.size} body files` : ''} in ${ms} ms\n`);
    });
}
