import { Command, Option } from 'commander';
import { AppError, openStateAdmin, type OpenedStateAdmin, type StateAdminEntry, type StateEntryKind } from '../app/index.js';
import { exitCodes } from './exit-codes.js';
import { DEFAULT_ADMIN_URL, locateState } from './locate-state.js';
import { integerIn, positiveDurationMs } from './parse-options.js';

interface LocationOptions {
  config?: string;
  dataDir?: string;
  adminUrl?: string;
}

const KINDS: readonly StateEntryKind[] = ['var', 'seq', 'crud', 'wf'];

/**
 * Opens the data directory named by the `state` options, runs `work`, closes it. Expected failures
 * (`AppError`: a bad scope, a missing data dir, a value that cannot be stored) print one line and
 * exit 1; anything else is a bug and is thrown.
 */
async function withState(command: Command, forWrite: boolean, work: (state: OpenedStateAdmin) => Promise<void>): Promise<void> {
  const { config, dataDir, adminUrl } = command.optsWithGlobals<LocationOptions>();
  const located = await locateState({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(config !== undefined ? { config } : {}),
    adminUrl: adminUrl ?? process.env.MIMICUS_ADMIN_URL ?? DEFAULT_ADMIN_URL,
    ...(process.env.MIMICUS_ADMIN_KEY ? { adminKey: process.env.MIMICUS_ADMIN_KEY } : {}),
  });
  if (!located.ok) {
    fail(`${located.message} (STATE_DATA_DIR_AMBIGUOUS)`, exitCodes.refused);
    return;
  }
  if (located.note) process.stderr.write(`${located.note}\n`);
  try {
    const state = await openStateAdmin(located.location, { forWrite });
    try {
      await work(state);
    } finally {
      await state.close();
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    fail(`${error.detail ?? error.message} (${error.code})`, error.code === 'STATE_DATA_DIR_NOT_FOUND' ? exitCodes.dataDirUnusable : exitCodes.configInvalid);
  }
}

function fail(message: string, code: number = exitCodes.configInvalid): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = code;
}

function formatTable(entries: readonly StateAdminEntry[]): string {
  const rows = [['SCOPE', 'KIND', 'KEY', 'VALUE'], ...entries.map((e) => [e.scope, e.kind, e.name, JSON.stringify(e.value)])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n') + '\n';
}

/** A `state` subcommand whose help also shows --config and --data-dir. */
const subcommand = (name: string): Command => new Command(name).configureHelp({ showGlobalOptions: true });

export function stateCommand(): Command {
  const state = new Command('state')
    .description('read and change the state kept in a data directory; works while mimicus serve runs on it')
    .option(
      '-c, --config <file>',
      'the config whose data directory to use (.mimicus/ next to it; default mimicus.yaml, unless a running server says otherwise)',
    )
    .option('--data-dir <dir>', 'the data directory (overrides --config), as given to serve --data-dir')
    .option(
      '--admin-url <url>',
      `without --config or --data-dir, ask the server whose admin API is here where its data is (default $MIMICUS_ADMIN_URL or ${DEFAULT_ADMIN_URL}; key from $MIMICUS_ADMIN_KEY)`,
    )
    .addHelpText(
      'after',
      `
Scopes: global, session:<id>, client:<address>, endpoint:<id>; session, client or endpoint alone
means every scope of that kind (list, reset, reset-workflow).

Examples:
  mimicus state list --config mocks.yaml
  mimicus state set session:abc cart '{"items":[]}'
  mimicus state get global maintenance
  mimicus state reset session`,
    );

  state.addCommand(
    subcommand('list')
      .description('list entries (variables, counters, CRUD items, workflow states) as a table or JSON lines')
      .argument('[scope]', 'a scope, a kind of scope, or every scope when absent')
      .addOption(new Option('--kind <kind>', 'only entries of this kind').choices(KINDS))
      .option('--limit <n>', 'at most this many entries', integerIn('--limit', 0, Number.MAX_SAFE_INTEGER))
      .option('--json', 'one JSON object per line: {"scope","kind","name","value"}')
      .action(async (scope: string | undefined, options: { kind?: StateEntryKind; limit?: number; json?: boolean }, command: Command) => {
        await withState(command, false, async (admin) => {
          const entries = await admin.list(scope, {
            ...(options.kind !== undefined ? { kind: options.kind } : {}),
            ...(options.limit !== undefined ? { limit: options.limit } : {}),
          });
          if (options.json) {
            process.stdout.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
          } else if (entries.length === 0) {
            process.stderr.write('no entries\n');
          } else {
            process.stdout.write(formatTable(entries));
          }
        });
      }),
  );

  state.addCommand(
    subcommand('get')
      .description('print a variable as JSON; exit 1 when it is not set')
      .argument('<scope>', 'one scope: global, session:<id>, client:<address> or endpoint:<id>')
      .argument('<key>', 'the variable')
      .action(async (scope: string, key: string, _options: unknown, command: Command) => {
        await withState(command, false, async (admin) => {
          const value = await admin.get(scope, key);
          if (value === undefined) fail(`no variable "${key}" in ${scope}`);
          else process.stdout.write(`${JSON.stringify(value)}\n`);
        });
      }),
  );

  state.addCommand(
    subcommand('set')
      .description('set a variable to a JSON value (quote strings: \'"on"\'; put -- before a negative number)')
      .argument('<scope>', 'one scope: global, session:<id>, client:<address> or endpoint:<id>')
      .argument('<key>', 'the variable')
      .argument('<json>', 'the value, as JSON')
      .option('--ttl <duration>', 'the variable expires this long from now (30m, 10s, 250ms)', positiveDurationMs('--ttl'))
      .action(async (scope: string, key: string, json: string, options: { ttl?: number }, command: Command) => {
        let value: unknown;
        try {
          value = JSON.parse(json);
        } catch (error) {
          fail(`<json> is not valid JSON: ${JSON.stringify(json)} (${(error as Error).message}); quote a string as '"text"'`);
          return;
        }
        await withState(command, true, async (admin) => {
          await admin.set(scope, key, value, options.ttl === undefined ? {} : { ttlMs: options.ttl });
          process.stdout.write(`set ${key} in ${scope}${options.ttl === undefined ? '' : ` for ${options.ttl} ms`}\n`);
        });
      }),
  );

  state.addCommand(
    subcommand('delete')
      .description('delete a variable; exit 1 when it is not set')
      .argument('<scope>', 'one scope: global, session:<id>, client:<address> or endpoint:<id>')
      .argument('<key>', 'the variable')
      .action(async (scope: string, key: string, _options: unknown, command: Command) => {
        await withState(command, false, async (admin) => {
          if (await admin.delete(scope, key)) process.stdout.write(`deleted ${key} from ${scope}\n`);
          else fail(`no variable "${key}" in ${scope}`);
        });
      }),
  );

  state.addCommand(
    subcommand('reset')
      .description('remove every entry of a scope (global also empties the CRUD collections; seeds load again on the next start)')
      .argument('<scope>', 'a scope, or session, client or endpoint for every scope of that kind')
      .action(async (scope: string, _options: unknown, command: Command) => {
        await withState(command, false, async (admin) => {
          const removed = await admin.reset(scope);
          process.stdout.write(`removed ${removed} ${removed === 1 ? 'entry' : 'entries'} from ${scope}\n`);
        });
      }),
  );

  state.addCommand(
    subcommand('reset-workflow')
      .description('send a workflow back to its initial state, in one scope or in every scope')
      .argument('<workflow>', 'the workflow id')
      .argument('[scope]', 'a scope or a kind of scope; every scope when absent')
      .action(async (workflow: string, scope: string | undefined, _options: unknown, command: Command) => {
        await withState(command, false, async (admin) => {
          const removed = await admin.resetWorkflow(workflow, scope);
          process.stdout.write(`removed ${removed} state${removed === 1 ? '' : 's'} of workflow ${workflow}${scope === undefined ? '' : ` in ${scope}`}\n`);
        });
      }),
  );

  return state;
}
