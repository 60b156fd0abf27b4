import { parseArgs } from 'node:util';
import type { Result } from '../src/config/index.js';
import { defaultMimicusBin } from './repo-paths.js';
import type { ThroughputSettings } from './throughput-result.js';

export const suites = ['throughput', 'rss', 'startup', 'fidelity', 'attacks', 'import', 'proxy', 'chaos', 'instructions'] as const;
export type Suite = (typeof suites)[number];
/** What `npm run bench` runs without a suite name (fidelity takes minutes, so it is asked for by name). */
const defaultSuites: Suite[] = ['throughput', 'rss'];

export interface BenchOptions {
  suites: Suite[];
  /** Scenario names given after `throughput`, or workload names (F1…F6) after `fidelity`; empty means all. */
  scenarioNames: string[];
  settings: ThroughputSettings;
  /** --duration when given: overrides each fidelity workload's own duration (F1–F4). */
  fidelityDurationSeconds: number | undefined;
  /** The window of each attack (and of the baseline): --duration, default 15 s. */
  attackSeconds: number;
  /** --peers: attacks that mean the same against any server also run against the Node floor and nginx. */
  attackPeers: boolean;
  /** --rounds N: each attack row (and its peers) measured N times, alternating; medians summarised. */
  attackRounds: number;
  mimicusBin: string;
  /** --against REF: each throughput row's Mimicus side is measured against the same side built from this git ref. */
  against: string | undefined;
  readyTimeoutMs: number;
  /** The instructions suite: requests counted per run, warm-up requests before, runs per side, connections. */
  instructions: { requests: number; warmupRequests: number; repeats: number; connections: number };
  help: boolean;
  list: boolean;
}

export const usage = `Usage: npm run bench -- [suite] [scenario...] [options]

Suites:
  throughput [name...]   A/B throughput scenarios (all, or the named ones)
  rss                    idle RSS of Mimicus serving examples/quickstart.yaml
  startup                start to first answer of \`mimicus serve examples/quickstart.yaml\`, admin API off and on,
                         beside bare node:http (3 × --pairs runs each, interleaved; with --against, the ref's too)
  fidelity [F1…F6]       latency/rate-limit/bandwidth/schedule fidelity vs a node:http baseline (all, or the named ones)
  proxy                  the forwarding proxy vs direct, a minimal node forwarder, nginx and HAProxy (bench/proxy)
  attacks [name...]      issue 13's attacks, each against a fresh Mimicus while a probe sends matched requests:
                         worst pause and RSS peak vs the targets (100 ms, 500 MB); the baseline row always runs
  instructions [row...]  each throughput row's Mimicus side under callgrind: instructions per request, a fixed
                         number of requests (load does not change the count); with --against REF, the ref's too and
                         the ratio (default rows: all with a Mimicus side; minutes per row)
  import                 OpenAPI import and \`serve openapi.json\` start times of the largest corpus documents
                         vs swagger-parser's dereference and serve of the imported YAML (targets < 2 s, < 3 s)
  (none)                 throughput, then rss

Options:
  --pairs N              A/B pairs per scenario (default 5)
  --duration 5s          length of one measured run (default 5s; fidelity: each workload's own, F1 20s, F2 30s, F3 10s, F4 20s; attacks: each window, 15s)
  --connections N        concurrent connections (default 50; instructions: 4)
  --warmup 2s            unmeasured warm-up per server (default 2s, 0 to skip)
  --retries N            contended pairs (a core >10% busy with other work) measured again, per scenario (default 2)
  --stand-in             replace every Mimicus server by the bare server (harness self-test: ratios ≈ 1.0)
  --mimicus-bin PATH     the CLI to start (default bin/mimicus.js)
  --against REF          throughput and startup: A is this build, B the same Mimicus side built from git REF (a temp
                         worktree under /tmp, built with tsc); pairs alternate AB/BA; a summary table gives
                         each row's medians and A/B ratio
  --requests N           instructions only: requests counted per run (default 2000)
  --warmup-requests N    instructions only: requests sent before counting (default 30000: at 10000, V8 under valgrind still compiled 2× more in one build)
  --repeats N            instructions only: runs per side, the median reported (default 1)
  --peers                attacks only: the attacks that need no Mimicus feature (slow-bodies, idle-connections,
                         oversized-bodies, baseline) also run against the Node floor and nginx, same probe
  --rounds N             attacks only: each row measured N times, Mimicus and peers alternating (default 1)
  --ready-timeout 30s    how long a server may take to answer its first request (default 30s)
  --list                 list the scenarios and exit
  -h, --help             this text`;

/** "5s", "1m" or "5" (seconds) to whole seconds. */
export function parseSeconds(text: string, flag: string, minimum: number): Result<number, string> {
  const match = /^(\d+)(s|m)?$/.exec(text.trim());
  if (!match?.[1]) return { ok: false, error: `${flag}: expected whole seconds like "5s" or "1m", got "${text}"` };
  const seconds = Number(match[1]) * (match[2] === 'm' ? 60 : 1);
  return seconds < minimum ? { ok: false, error: `${flag}: must be at least ${minimum}s` } : { ok: true, value: seconds };
}

function parsePositiveInteger(text: string, flag: string): Result<number, string> {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? { ok: true, value } : { ok: false, error: `${flag}: expected a positive integer, got "${text}"` };
}

export function parseBenchOptions(argv: readonly string[]): Result<BenchOptions, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        pairs: { type: 'string', default: '5' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        requests: { type: 'string', default: '2000' },
        'warmup-requests': { type: 'string', default: '30000' },
        repeats: { type: 'string', default: '1' },
        warmup: { type: 'string', default: '2s' },
        retries: { type: 'string', default: '2' },
        'stand-in': { type: 'boolean', default: false },
        peers: { type: 'boolean', default: false },
        rounds: { type: 'string', default: '1' },
        'mimicus-bin': { type: 'string', default: defaultMimicusBin },
        against: { type: 'string' },
        'ready-timeout': { type: 'string', default: '30s' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  let chosen: Suite[];
  let scenarioNames: string[] = [];
  if (first === undefined) chosen = [...defaultSuites];
  else if (first === 'fidelity') {
    chosen = ['fidelity'];
    scenarioNames = rest.map((name) => name.toUpperCase());
  } else if (first === 'throughput') {
    chosen = ['throughput'];
    scenarioNames = rest;
  } else if (first === 'attacks') {
    chosen = ['attacks'];
    scenarioNames = rest;
  } else if (first === 'import') {
    if (rest.length > 0) return { ok: false, error: `import takes no scenario names, got ${rest.join(' ')}` };
    chosen = ['import'];
  } else if (first === 'proxy') {
    if (rest.length > 0) return { ok: false, error: `proxy takes no scenario names, got ${rest.join(' ')}` };
    chosen = ['proxy'];
  } else if (first === 'startup') {
    if (rest.length > 0) return { ok: false, error: `startup takes no scenario names, got ${rest.join(' ')}` };
    chosen = ['startup'];
  } else if (first === 'chaos') {
    chosen = ['chaos'];
    scenarioNames = rest;
  } else if (first === 'instructions') {
    chosen = ['instructions'];
    scenarioNames = rest;
  } else if (first === 'rss') {
    if (rest.length > 0) return { ok: false, error: `rss takes no scenario names, got ${rest.join(' ')}` };
    chosen = ['rss'];
  } else return { ok: false, error: `unknown suite "${first}" (expected ${suites.join(' or ')})` };

  const pairs = parsePositiveInteger(values.pairs, '--pairs');
  const connections = parsePositiveInteger(values.connections ?? '50', '--connections');
  const requests = parsePositiveInteger(values.requests, '--requests');
  const warmupRequests = parsePositiveInteger(values['warmup-requests'], '--warmup-requests');
  const repeats = parsePositiveInteger(values.repeats, '--repeats');
  if (!requests.ok) return requests;
  if (!warmupRequests.ok) return warmupRequests;
  if (!repeats.ok) return repeats;
  const duration = parseSeconds(values.duration ?? '5s', '--duration', 1);
  const warmup = parseSeconds(values.warmup, '--warmup', 0);
  const ready = parseSeconds(values['ready-timeout'], '--ready-timeout', 1);
  const retries = /^\d+$/.test(values.retries)
    ? { ok: true as const, value: Number(values.retries) }
    : { ok: false as const, error: `--retries: expected 0 or more, got "${values.retries}"` };
  if (!pairs.ok) return pairs;
  if (!connections.ok) return connections;
  if (!duration.ok) return duration;
  if (!warmup.ok) return warmup;
  if (!ready.ok) return ready;
  if (!retries.ok) return retries;
  const rounds = parsePositiveInteger(values.rounds, '--rounds');
  if (!rounds.ok) return rounds;
  const against = values.against;
  // Handed to git as one argument (never a shell), but still only what a ref name can be.
  if (against !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/@^~-]{0,199}$/.test(against)) return { ok: false, error: `--against: not a git ref: "${against}"` };
  if (against !== undefined && !chosen.every((suite) => suite === 'throughput' || suite === 'startup' || suite === 'instructions'))
    return {
      ok: false,
      error:
        '--against compares throughput, startup and instructions rows only: run `throughput --against REF`, `startup --against REF` or `instructions --against REF`',
    };

  return {
    ok: true,
    value: {
      suites: chosen,
      scenarioNames,
      fidelityDurationSeconds: values.duration === undefined ? undefined : duration.value,
      attackSeconds: values.duration === undefined ? 15 : duration.value,
      attackPeers: values.peers,
      attackRounds: rounds.value,
      settings: {
        pairs: pairs.value,
        durationSeconds: duration.value,
        connections: connections.value,
        warmupSeconds: warmup.value,
        retries: retries.value,
        standIn: values['stand-in'],
      },
      mimicusBin: values['mimicus-bin'],
      against,
      readyTimeoutMs: ready.value * 1_000,
      instructions: {
        requests: requests.value,
        warmupRequests: warmupRequests.value,
        repeats: repeats.value,
        connections: values.connections === undefined ? 4 : connections.value,
      },
      help: values.help,
      list: values.list,
    },
  };
}
