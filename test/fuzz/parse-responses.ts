/** One HTTP/1.1 response read off the wire. */
export interface WireResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export type ParsedStream = { ok: true; responses: WireResponse[] } | { ok: false; responses: WireResponse[]; problem: string };

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;

/**
 * Splits everything a server sent on one connection into responses, strictly: each must start
 * with a status line where the previous one ended, and be framed by Content-Length, chunked
 * encoding, or the close of the connection. Anything left over, or a status line found inside a
 * body, means two responses were spliced together.
 */
export function parseResponses(data: Buffer, closed: boolean): ParsedStream {
  const responses: WireResponse[] = [];
  let offset = 0;
  while (offset < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd === -1)
      return { ok: false, responses, problem: `incomplete head at byte ${offset}: ${JSON.stringify(data.subarray(offset, offset + 80).toString('latin1'))}` };
    const lines = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const statusMatch = STATUS_LINE.exec(lines[0] ?? '');
    if (!statusMatch) return { ok: false, responses, problem: `no status line at byte ${offset}: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}` };
    const status = Number(statusMatch[1]);
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
    const header = (name: string) => headers.find(([key]) => key === name)?.[1];
    let cursor = headEnd + 4;
    let body: Buffer;
    if (status < 200 || status === 204 || status === 304) body = Buffer.alloc(0);
    else if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
      const chunks: Buffer[] = [];
      for (;;) {
        const lineEnd = data.indexOf('\r\n', cursor);
        if (lineEnd === -1) return { ok: false, responses, problem: `chunked body cut off at byte ${cursor}` };
        const size = Number.parseInt(data.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) return { ok: false, responses, problem: `bad chunk size at byte ${cursor}` };
        cursor = lineEnd + 2;
        if (size === 0) {
          const trailerEnd = data.indexOf('\r\n', cursor);
          if (trailerEnd === -1) return { ok: false, responses, problem: 'chunked body without its final CRLF' };
          cursor = trailerEnd + 2;
          break;
        }
        chunks.push(data.subarray(cursor, cursor + size));
        cursor += size + 2;
      }
      body = Buffer.concat(chunks);
    } else if (header('content-length') !== undefined) {
      const length = Number(header('content-length'));
      if (!Number.isSafeInteger(length) || cursor + length > data.length) {
        return { ok: false, responses, problem: `body shorter than its content-length ${header('content-length')} (status ${status})` };
      }
      body = data.subarray(cursor, cursor + length);
      cursor += length;
    } else if (closed) {
      body = data.subarray(cursor);
      cursor = data.length;
    } else return { ok: false, responses, problem: `response ${status} without framing on an open connection` };
    if (body.includes('HTTP/1.1 '))
      return { ok: false, responses, problem: `a status line inside the body of a ${status}: ${JSON.stringify(body.subarray(0, 120).toString('latin1'))}` };
    responses.push({ status, headers, body });
    offset = cursor;
  }
  return { ok: true, responses };
}
