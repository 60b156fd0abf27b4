import type { Readable } from 'node:stream';

/**
 * Reads a request body that declares a Content-Length of at most `limit` bytes, so it can be sent
 * again; undefined (nothing read) when it declares none or a larger one: that body streams once.
 */
export function readReplayable(body: Readable, rawHeaders: readonly string[], limit: number): Promise<Buffer | undefined> {
  let length = -1;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'content-length') length = Number(rawHeaders[i + 1]);
  if (!(length >= 0 && length <= limit)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: Buffer | undefined) => {
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('error', onError);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // node:http enforces Content-Length; this only guards against a body that lies past the limit.
      if (size > limit) {
        body.destroy();
        return done(undefined);
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done(undefined);
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
  });
}
