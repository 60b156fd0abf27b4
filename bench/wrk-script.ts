import type { SideRequest } from './scenario.js';

/** Lua escapes for the characters a double-quoted string cannot hold as they are. */
const namedEscapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A double-quoted Lua string literal holding `text`. Other control characters become three-digit
 * decimal escapes (`\000`), so a digit that follows cannot extend them; other characters, UTF-8
 * included, stay as they are (Lua strings are bytes, and wrk sends them unchanged).
 */
export function luaString(text: string): string {
  const escaped = text.replace(/[\\"\n\r\t\x00-\x1f\x7f]/g, (char) => namedEscapes[char] ?? `\\${String(char.charCodeAt(0)).padStart(3, '0')}`);
  return `"${escaped}"`;
}

/**
 * The wrk script (`-s`) sending `request` on every connection: wrk's default request() builds it
 * from these fields and adds the Content-Length of the body itself.
 */
export function wrkScript(request: SideRequest): string {
  const lines = ['-- Written by the Mimicus bench harness (bench/wrk-script.ts) for one run.', `wrk.method = ${luaString(request.method)}`];
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`);
  if (request.contentType !== undefined) lines.push(`wrk.headers["Content-Type"] = ${luaString(request.contentType)}`);
  return `${lines.join('\n')}\n`;
}
