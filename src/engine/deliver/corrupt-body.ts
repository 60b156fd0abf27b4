import { assertNever } from '../../config/index.js';
import type { Random } from '../../distributions/index.js';
import type { Corruption } from '../../plan/index.js';

/**
 * The body of a `corrupt` fault. Pure: the same body, corruption and PRNG state give the same bytes.
 * Strings stay strings where the result is still text, so the engine keeps its one-write path.
 * - truncate: the first floor(keepFraction × byteLength) bytes, exactly; a cut inside a multi-byte
 *   character gives a Buffer (a string would turn the half character into U+FFFD and change the count).
 * - replace: every occurrence of `find`, matched on UTF-8 bytes for a Buffer body.
 * - garbage: `bytes` random bytes from `random` instead of the body.
 * - invalid-json: see breakJson.
 * Pair it with withBody, which makes content-length describe the new body.
 */
export function corruptBody(body: string | Buffer, corruption: Corruption, random: Random): string | Buffer {
  switch (corruption.mode) {
    case 'truncate':
      return truncate(body, corruption.keepFraction);
    case 'replace':
      if (corruption.find === '') return body;
      if (typeof body === 'string') return body.replaceAll(corruption.find, corruption.with);
      return mapBytes(body, (text) => text.replaceAll(latin1Of(corruption.find), latin1Of(corruption.with)));
    case 'garbage':
      return garbage(corruption.bytes, random);
    case 'invalid-json':
      return typeof body === 'string' ? breakJson(body) : mapBytes(body, breakJson);
    default:
      return assertNever(corruption, 'corruption');
  }
}

function truncate(body: string | Buffer, keepFraction: number): string | Buffer {
  const fraction = Math.min(1, Math.max(0, keepFraction));
  if (typeof body !== 'string') return body.subarray(0, Math.floor(fraction * body.length));
  const byteLength = Buffer.byteLength(body, 'utf8');
  const keep = Math.floor(fraction * byteLength);
  // All-ASCII text (the usual JSON body): characters are bytes, so the string cut is exact.
  if (byteLength === body.length) return body.slice(0, keep);
  return Buffer.from(body, 'utf8').subarray(0, keep);
}

function garbage(bytes: number, random: Random): Buffer {
  const out = Buffer.allocUnsafe(Math.max(0, Math.floor(bytes)));
  for (let i = 0; i < out.length; i += 4) {
    const word = random.uint32();
    for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
  }
  return out;
}

/**
 * Breaks the JSON syntax in the way a cut-off transfer does, keeping the text recognisable:
 * when the text ends (trailing whitespace aside) with `}`, `]` or `"`, that closing character is
 * dropped (`{"a":1}` → `{"a":1`, `[]` → `[`, `"x"` → `"x`); otherwise (numbers, true/false/null,
 * non-JSON text) a stray `}` follows it (`42` → `42}`); an empty body becomes `{`.
 * Why this never parses, for any valid JSON input: a JSON text that ends with `}`/`]`/`"` is a
 * top-level object/array/string whose last character closes it, so without it the value is
 * unterminated; any other valid text is a number or literal, and a `}` after it is trailing garbage.
 * (Dropping a digit would not do: `42` → `4` still parses.)
 */
function breakJson(text: string): string {
  let end = text.length - 1;
  while (end >= 0 && isJsonWhitespace(text.charCodeAt(end))) end--;
  if (end < 0) return '{';
  const last = text[end];
  if (last === '}' || last === ']' || last === '"') return text.slice(0, end) + text.slice(end + 1);
  return `${text.slice(0, end + 1)}}${text.slice(end + 1)}`;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Runs a text edit on raw bytes. latin1 maps each byte to one character and back, so the edit
 * works byte for byte; the needles are ASCII or UTF-8 encoded the same way, and UTF-8 never hides
 * an ASCII byte inside a multi-byte character, so matches fall on character boundaries.
 */
function mapBytes(body: Buffer, edit: (text: string) => string): Buffer {
  return Buffer.from(edit(body.toString('latin1')), 'latin1');
}

function latin1Of(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}
