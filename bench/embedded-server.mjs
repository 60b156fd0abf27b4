// Mimicus embedded the way a test suite would: createMimicus in a plain `node` process, none of
// the CLI's V8 flags. Used by bench/embedded-scavenges.sh.
//   node bench/embedded-server.mjs <config> <port> <data-dir>
import { createMimicus } from '../dist/index.js';

const [config, port, dataDir] = process.argv.slice(2);
const mimicus = await createMimicus(config, { dataDir, watch: false, logLevel: 'silent' });
await mimicus.listen(Number(port));
process.on('SIGTERM', () => void mimicus.close().then(() => process.exit(0)));
