/**
 * Text transforms; non-text values are stringified first (objects as JSON):
 *   {{upper s}}  {{lower s}}  {{base64 s}}  {{base64Decode s}}  {{md5 s}}  {{sha256 s}}
 * Hashes are lowercase hex of the UTF-8 bytes; base64 is the standard alphabet with padding.
 */
import { createHash } from 'node:crypto';
import { toText } from './argument.js';
import type { HelperCall, HelperDefinition, HelperFamily } from './helper-definition.js';

const oneArgument = (call: HelperCall): string | undefined => (call.params.length !== 1 ? `expects 1 argument, got ${call.params.length}` : undefined);

const transform = (apply: (text: string) => string): HelperDefinition => ({
  run: (args) => apply(toText(args[0])),
  check: oneArgument,
});

export function textHelpers(): HelperFamily {
  return {
    upper: transform((text) => text.toUpperCase()),
    lower: transform((text) => text.toLowerCase()),
    base64: transform((text) => Buffer.from(text, 'utf8').toString('base64')),
    base64Decode: transform((text) => Buffer.from(text, 'base64').toString('utf8')),
    md5: transform((text) => createHash('md5').update(text, 'utf8').digest('hex')),
    sha256: transform((text) => createHash('sha256').update(text, 'utf8').digest('hex')),
  };
}
