// A fixed number of requests over N keep-alive connections, each sending its next request as soon as
// the previous answer ended (closed loop). Counts, not time: the instruction count per request is
// what is measured, so the client only has to send exactly `count` requests and see them answered.
//   node drive-requests.mjs <url> <count> <connections> [<method> [<content-type> <body>]]
// A request whose reused connection was reset is sent again (at most 3 times): under valgrind the
// server can stall for seconds (a compile, a GC) and close a keep-alive connection as idle.
// Prints one JSON line: { sent, failed, retried, reasons } (failed: statuses >= 400 and requests
// still failing after their retries; reasons: the first few of them, to say why).
import { Agent, request } from 'node:http';

const [url, countText, connectionsText, method = 'GET', contentType, body] = process.argv.slice(2);
const count = Number(countText);
const connections = Number(connectionsText);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const headers = {};
if (contentType !== undefined) headers['content-type'] = contentType;
if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
let sent = 0;
let failed = 0;
let retried = 0;
const reasons = [];
const fail = (reason) => {
  failed++;
  if (reasons.length < 5) reasons.push(reason);
};

const once = (attempt = 0) =>
  new Promise((resolve) => {
    const req = request(url, { method, headers, agent }, (response) => {
      if ((response.statusCode ?? 0) >= 400) fail(`status ${response.statusCode}`);
      response.resume();
      response.on('end', resolve);
    });
    req.on('error', (error) => {
      if (attempt < 3) {
        retried++;
        resolve(once(attempt + 1));
      } else {
        fail(error.message);
        resolve();
      }
    });
    req.end(body);
  });

const connection = async () => {
  while (sent < count) {
    sent++;
    await once();
  }
};
await Promise.all(Array.from({ length: connections }, connection));
agent.destroy();
process.stdout.write(`${JSON.stringify({ sent, failed, retried, reasons })}\n`);
