// A peer for reference (issue 19): Fastify answering the same fixed response as bench/bare-server.mjs,
// as a user would write it (one route, its defaults: no logger, keep-alive), run with plain `node`.
// The body goes as a Buffer: a string would get "; charset=utf-8" added to its content-type.
//
//   BARE_RESPONSE='{"status":200,"headers":{"content-type":"application/json"},"body":"{}"}' \
//     node bench/fastify-server.mjs --port 8080 --host 127.0.0.1
import Fastify from 'fastify';

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const raw = process.env.BARE_RESPONSE;
if (!raw) {
  console.error('fastify-server: set BARE_RESPONSE to a JSON {status, headers, body}');
  process.exit(2);
}
const spec = JSON.parse(raw);
const body = Buffer.from(spec.body ?? '', 'utf8');
const headers = spec.headers ?? {};
const status = spec.status ?? 200;

const app = Fastify();
// Every method and path gets the same answer, as from the bare server.
app.all('/*', (_request, reply) => {
  reply.code(status).headers(headers).send(body);
});
await app.listen({ port: Number(argument('port', '0')), host: argument('host', '127.0.0.1') });
const shutdown = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
