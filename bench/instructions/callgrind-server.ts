import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnTracked, stopChild } from '../child-processes.js';
import { freePort } from '../free-port.js';
import { repoRoot } from '../repo-paths.js';
import { waitForHttp } from '../wait-for-http.js';

const execFileAsync = promisify(execFile);

export interface Counted {
  instructions: number;
  /** Of which in V8's optimising compiler (TurboFan, Maglev): warm-up, not the request path's steady cost. */
  compilerInstructions: number;
}

/** V8's optimising compilers, by the C++ names callgrind sees (node's symbols are not stripped). */
const COMPILER_FUNCTION = /v8::internal::compiler::|v8::internal::maglev::|turboshaft|OptimizedCompilationJob|TurbofanCompilationJob/;

/** A Mimicus CLI running under `valgrind --tool=callgrind`, instrumentation off until `startCounting`. */
export interface CallgrindServer {
  readonly baseUrl: string;
  /** Instrumentation on and counters zeroed: from here every executed instruction counts. */
  startCounting(): Promise<void>;
  /** Instructions executed (all threads) since the last `startCounting` or `readAndZero`; zeroes them. */
  readAndZero(): Promise<Counted>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <bin> serve <config>` under callgrind with `--instr-atstart=no`, so start-up runs
 * uninstrumented (about 5× slower than native rather than 50×). Callgrind counts instructions, which
 * another process's load does not change: the figure this suite exists for on a shared machine.
 * Valgrind runs the process's threads one at a time, so V8's helper threads (GC, compiler) count too.
 */
export async function startCallgrindServer(bin: string, configFile: string, readyTimeoutMs: number): Promise<CallgrindServer> {
  const port = await freePort();
  const outDir = await mkdtemp(join(tmpdir(), 'mimicus-callgrind-'));
  const outFile = join(outDir, 'callgrind.out');
  const child = spawnTracked(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${outFile}`,
      process.execPath,
      // Every V8 task on the main thread, where it is counted with the request that caused it:
      // valgrind runs one thread at a time anyway. No memory reducer: it runs full GCs a few
      // seconds after allocation slows, which would land in the idle window measured before the
      // requests and not in the requests'.
      '--single-threaded',
      '--no-memory-reducer',
      bin,
      'serve',
      configFile,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--admin-port',
      '0',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4_096);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/`, child, readyTimeoutMs);
  } catch (error) {
    await stopChild(child, 10_000);
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`${bin} under callgrind: ${error instanceof Error ? error.message : String(error)}\n--- its output ---\n${tail.trim()}`, { cause: error });
  }
  const pid = String(child.pid);
  const control = async (...args: string[]): Promise<void> => {
    await execFileAsync('callgrind_control', [...args, pid], { timeout: 120_000 });
  };
  let dumps = 0;
  return {
    baseUrl,
    startCounting: async () => {
      await control('--instr=on');
      await control('--zero');
    },
    readAndZero: async () => {
      // A dump writes the counts since the last zero (or dump) to <out>.<n> and zeroes them.
      await control('--dump');
      dumps += 1;
      const file = `${outFile}.${dumps}`;
      return { instructions: totalInstructions(await readFile(file, 'utf8')), compilerInstructions: await compilerInstructions(file) };
    },
    output: () => tail,
    stop: async () => {
      await stopChild(child, 30_000);
      // MIMICUS_KEEP_CALLGRIND=1 keeps the dumps, for callgrind_annotate (which functions cost).
      if (process.env['MIMICUS_KEEP_CALLGRIND'] === '1') console.error(`  callgrind dumps kept in ${outDir}`);
      else await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** The self cost of every compiler function in a dump, summed from callgrind_annotate's listing. */
async function compilerInstructions(file: string): Promise<number> {
  const { stdout } = await execFileAsync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], { maxBuffer: 64 << 20, timeout: 120_000 });
  let sum = 0;
  for (const line of stdout.split('\n')) {
    const match = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (match?.[1] && match[2] && COMPILER_FUNCTION.test(match[2])) sum += Number(match[1].replaceAll(',', ''));
  }
  return sum;
}

/** The `totals:` (or `summary:`) line of a callgrind dump: its instruction count (the only event collected). */
export function totalInstructions(dump: string): number {
  const match = /^(?:totals|summary):\s+(\d+)/m.exec(dump);
  if (!match?.[1]) throw new Error('callgrind dump without a totals line');
  return Number(match[1]);
}
