import { writeFile } from 'node:fs/promises';
import { attackConfig } from './attack-config.js';
import { pause, untilAborted, type Attack } from './attack.js';

/** About 360 bytes of YAML whose aliases expand to 9^6 = 531,441 leaves. */
export function aliasBomb(depth = 6, fan = 9): string {
  let text = 'version: 2\nx0: &a0 ["lol"]\n';
  for (let i = 1; i <= depth; i++) text += `x${i}: &a${i} [${Array.from({ length: fan }, () => `*a${i - 1}`).join(',')}]\n`;
  return `${text}endpoints: [{ id: hello, method: GET, path: /hello, response: { json: *a${depth} } }]\n`;
}

/** Issue 13: 400 bytes took 27.7 s and 2.2 GB in `validate`; through the watcher the server froze 60 s. */
export const yamlAliasBomb: Attack = {
  name: 'yaml-alias-bomb',
  description: 'one save of the watched config file replaced by a ~360-byte YAML alias bomb (9^6 leaves), 1 s into the window',
  config: attackConfig(),
  run: async ({ configFile, signal }) => {
    await pause(1_000, signal);
    if (signal.aborted) return 'window ended before the write';
    const bomb = aliasBomb();
    await writeFile(configFile, bomb, 'utf8');
    await untilAborted(signal);
    return `wrote ${bomb.length} bytes to the watched config`;
  },
};
