// The baseline: the least a node:http server can do to answer a fixed response.
// Plain JavaScript run with plain `node` (no tsx loader) so the baseline carries no overhead.
//
//   BARE_RESPONSE='{"status":200,"headers":{"content-type":"application/json"},"body":"{}"}' \
//     node bench/bare-server.mjs --port 8080 --host 127.0.0.1
//
// Every request, whatever its method or path, gets the same status, headers and body; the
// content-length is computed once. Keep-alive is on (node:http's default).
import { createServer } from 'node:http';

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const raw = process.env.BARE_RESPONSE;
if (!raw) {
  console.error('bare-server: set BARE_RESPONSE to a JSON {status, headers, body}');
  process.exit(2);
}
const spec = JSON.parse(raw);
const body = Buffer.from(spec.body ?? '', 'utf8');
const headers = { ...spec.headers, 'content-length': String(body.length) };
const status = spec.status ?? 200;
const port = Number(argument('port', '0'));
const host = argument('host', '127.0.0.1');

const server = createServer((req, res) => {
  // Drain any request body so keep-alive connections stay usable.
  req.resume();
  res.writeHead(status, headers);
  res.end(body);
});
server.listen(port, host, () => {
  const address = server.address();
  console.log(`bare-server listening on http://${host}:${typeof address === 'object' && address ? address.port : port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
