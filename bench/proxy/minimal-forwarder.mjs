// The obvious Node forwarder: node:http in front of an undici Pool, streamed both ways, hop-by-hop
// headers dropped. What a developer writes in an afternoon; the bar Mimicus's proxy must beat.
//   node bench/proxy/minimal-forwarder.mjs <port> <backend-origin>
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [portText, origin] = process.argv.slice(2);
const pool = new Pool(origin, { connections: 128 });
const hop = new Set(['connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authorization', 'trailer', 'host']);

createServer(async (req, res) => {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) if (!hop.has(name)) headers[name] = value;
  try {
    const upstream = await pool.request({
      path: req.url,
      method: req.method,
      headers,
      body: req.headers['content-length'] || req.headers['transfer-encoding'] ? req : null,
    });
    const out = {};
    for (const [name, value] of Object.entries(upstream.headers)) if (!hop.has(name)) out[name] = value;
    res.writeHead(upstream.statusCode, out);
    upstream.body.pipe(res);
  } catch {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  }
}).listen(Number(portText), '127.0.0.1', () => console.log('ready'));
