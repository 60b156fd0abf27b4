import { attacks } from './attacks/index.js';

/**
 * One attack in a process of its own, pinned by the parent to the load generator's core. Run in the
 * bench's own (unpinned) process, the attacker's sending — and the kernel's loopback work it
 * drives — took turns on the server's core: in one slow-bodies run the server waited 2.1 s of 3 s
 * for its core. A real attacker does not share the server's CPU, so neither does this one.
 *
 * argv: <attack name> <base url> <config file> <window seconds>. Prints log lines, then the
 * attack's note as the last line, as JSON.
 */
const [name, baseUrl, configFile, windowSeconds] = process.argv.slice(2);
const attack = attacks.find((candidate) => candidate.name === name);
if (attack === undefined || baseUrl === undefined || configFile === undefined || !Number(windowSeconds)) {
  console.error(`run-attack-child: usage: <attack> <base url> <config file> <window seconds> (attack ${name ?? '?'} unknown or arguments missing)`);
  process.exit(2);
}
const controller = new AbortController();
setTimeout(() => controller.abort(), Number(windowSeconds) * 1_000);
const context = { baseUrl, port: Number(new URL(baseUrl).port), configFile, signal: controller.signal, log: (line: string) => console.log(line) };
attack
  .run(context)
  .then(
    (note) => console.log(JSON.stringify({ note })),
    (error: unknown) => console.log(JSON.stringify({ note: `attack failed: ${error instanceof Error ? error.message : String(error)}` })),
  )
  .finally(() => process.exit(0));
