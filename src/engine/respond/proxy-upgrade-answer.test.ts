import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeRawResponse } from './proxy-upgrade-answer.js';

async function written(headers: string[], body: string): Promise<string> {
  const socket = new PassThrough();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => socket.on('end', resolve));
  writeRawResponse(socket, { status: 429, headers, body });
  await ended;
  return Buffer.concat(chunks).toString('utf8');
}

describe('writeRawResponse', () => {
  it('writes the status, headers, its own framing and the body', async () => {
    const text = await written(['retry-after', '1', 'content-length', '999', 'connection', 'keep-alive'], 'slow down');
    expect(text).toBe('HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 9\r\nconnection: close\r\n\r\nslow down');
  });

  it('drops a header with a line break in its name or value (no response splitting)', async () => {
    const text = await written(['x-echo', 'a\r\nset-cookie: evil=1', 'x\nname', 'v', 'x-ok', 'fine'], '');
    expect(text).not.toContain('evil');
    expect(text).not.toContain('x\nname');
    expect(text).toContain('x-ok: fine\r\n');
  });
});
