import type { Server } from 'node:http';

/**
 * `Expect: 100-continue`: the client waits for a go-ahead before sending its body. Node would say
 * "100 Continue" to every such request, inviting a body it then refuses; here a body declared
 * larger than the limit gets no go-ahead, only the 413 (from Fastify's body limit).
 */
export function answerContinue(server: Server, maxBodyBytes: number): void {
  server.on('checkContinue', (request, response) => {
    const declared = Number(request.headers['content-length']);
    if (!(declared > maxBodyBytes)) response.writeContinue();
    server.emit('request', request, response);
  });
}
