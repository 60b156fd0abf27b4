// The proxy bench's backend: bare node:http. GET /small answers "ok"; GET /blob?bytes=N streams N
// bytes in 64 KiB chunks from one reused buffer (nothing is held), honouring backpressure.
//   node bench/proxy/backend.mjs <port>
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? '0');
const chunk = Buffer.alloc(64 * 1024, 120);
const small = Buffer.from('ok');

const server = createServer((req, res) => {
  req.resume();
  if (req.url.startsWith('/blob')) {
    const bytes = Number(new URL(req.url, 'http://x').searchParams.get('bytes') ?? '0');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes) });
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end(small);
});
// Longer than any pause of a proxy under valgrind: with node's 5 s, a pooled connection the proxy
// reused just as the backend closed it answered 502 (policy-instructions' plain side, 2 in 4,000).
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log('ready'));
