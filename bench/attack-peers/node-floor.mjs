// The Node floor of the attack bench: the least a node:http server does to serve GET /hello and
// take request bodies with Mimicus's default limits (1 MiB per body, 413 beyond; 256 MiB of bodies
// held at once, 503 beyond; the connection closed after a refusal). No routing, no journal, no
// templates: what a slow-bodies row costs here is what node:http and the kernel cost.
//   node bench/attack-peers/node-floor.mjs <port>
import { createServer } from 'node:http';

const MAX_BODY = 1024 * 1024;
const MAX_TOTAL = 256 * 1024 * 1024;
let held = 0;

const refuse = (request, response, status) => {
  response.writeHead(status, { connection: 'close', 'content-length': '0' }).end();
  request.pause();
};

const server = createServer((request, response) => {
  if (request.method === 'GET' || request.method === 'HEAD') {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
    return;
  }
  let taken = 0;
  const chunks = [];
  const release = () => {
    held -= taken;
    taken = 0;
  };
  request.on('data', (chunk) => {
    if (taken + chunk.length > MAX_BODY) return (release(), refuse(request, response, 413));
    if (held + chunk.length > MAX_TOTAL) return (release(), refuse(request, response, 503));
    taken += chunk.length;
    held += chunk.length;
    chunks.push(chunk);
  });
  request.on('end', () => {
    release();
    response.writeHead(201, { 'content-length': '6' }).end('stored');
  });
  request.on('close', release);
});
server.maxConnections = 10_000;
server.listen({ port: Number(process.argv[2]), host: '127.0.0.1', backlog: 10_000 });
