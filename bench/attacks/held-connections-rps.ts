import { pickLoadGenerator } from '../load-generator.js';
import { attackConfig } from './attack-config.js';
import { pause, untilAborted, type Attack } from './attack.js';
import { openSockets } from './open-sockets.js';

const CONNECTIONS = 10_000;
/** Each throughput burst: short, so both fit a 10 s window with the connections opened between. */
const BURST_SECONDS = 2;
const BURST_CONNECTIONS = 32;
/**
 * After the connects return (the kernel completed the handshakes), the server may still be
 * accepting them: the second burst waits this long, to measure holding rather than the accept storm.
 */
const SETTLE_MS = 1_000;

/**
 * Issue 13's "RSS and rps while 10,000 connections are held": a closed-loop burst of GET /hello
 * before the connections open and one while they are held, so the rps they cost reads as a ratio
 * measured in the same run. Apart from idle-connections, whose worst pause stays the pause of an
 * attack alone: here the bursts load the server's core on purpose.
 */
export const heldConnectionsRps: Attack = {
  name: 'held-connections-rps',
  description: `GET /hello at full speed (${BURST_CONNECTIONS} connections, ${BURST_SECONDS} s) before and while ${CONNECTIONS.toLocaleString('en')} idle connections are held: the rps they cost (the probe's pause here includes the bursts' load)`,
  peers: true,
  config: attackConfig(),
  run: async ({ baseUrl, port, signal }) => {
    const generator = pickLoadGenerator();
    if (!generator.ok) return `not measured: ${generator.error}`;
    const burst = async (): Promise<string> => {
      const result = await generator.value.run({ url: `${baseUrl}/hello`, connections: BURST_CONNECTIONS, durationSeconds: BURST_SECONDS });
      return result.ok ? String(Math.round(result.value.rps)) : `? (${result.error.slice(0, 120)})`;
    };
    const before = await burst();
    const pool = await openSockets(port, CONNECTIONS, 200, signal, (socket) => socket.on('error', () => {}));
    const opened = pool.sockets.size;
    await pause(SETTLE_MS, signal);
    const held = signal.aborted ? 'not measured (the window ended first)' : await burst();
    const stillOpen = pool.sockets.size;
    await untilAborted(signal);
    pool.closeAll();
    const ratio = Number(before) > 0 && Number(held) > 0 ? ` (${(Number(held) / Number(before)).toFixed(2)}×)` : '';
    return `rps ${before} before, ${held} while ${stillOpen} of ${opened} connections were held${ratio} (${generator.value.tool}, ${BURST_CONNECTIONS} connections, ${BURST_SECONDS} s each)`;
  },
};
