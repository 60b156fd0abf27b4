/**
 * Random values drawn from the Plan's seeded PRNG, so a given `server.seed` replays them:
 *   {{uuid}}                               a v4 UUID
 *   {{randomInt 1 10}}                     an integer in [1, 10], both inclusive
 *   {{randomFloat 0 100 decimals=2}}       a float in [0, 100), rounded when decimals is given
 *   {{pick "a" "b" "c"}}  {{pick list}}    one of the arguments, or one element of an array
 */
import type { Random } from '../../../distributions/index.js';
import { isNonNumericLiteral, toNumber } from './argument.js';
import type { HelperCall, HelperFamily } from './helper-definition.js';

const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function randomUuid(random: Random): string {
  const bytes = new Uint8Array(16);
  const words = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) words.setUint32(i * 4, random.uint32());
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += hex[bytes[i]!];
  }
  return out;
}

const checkRange = (call: HelperCall): string | undefined => {
  if (call.params.length !== 2) return `expects 2 arguments (min max), got ${call.params.length}`;
  if (call.params.some(isNonNumericLiteral)) return 'min and max must be numbers';
  const [min, max] = call.params;
  if (min?.literal && max?.literal && Number(min.value) > Number(max.value)) return 'min is greater than max';
  return undefined;
};

function readRange(args: readonly unknown[]): [number, number] {
  const min = toNumber(args[0], 'min');
  const max = toNumber(args[1], 'max');
  if (min > max) throw new RangeError(`min ${min} is greater than max ${max}`);
  return [min, max];
}

export function randomHelpers(random: Random): HelperFamily {
  return {
    uuid: {
      run: () => randomUuid(random),
      check: (call) => (call.params.length > 0 ? 'takes no arguments' : undefined),
    },
    randomInt: {
      run: (args) => {
        const [min, max] = readRange(args);
        return random.int(Math.ceil(min), Math.floor(max));
      },
      check: checkRange,
    },
    randomFloat: {
      run: (args, options) => {
        const [min, max] = readRange(args);
        const value = min + random.next() * (max - min);
        const { decimals } = options.hash as { decimals?: unknown };
        if (decimals === undefined) return value;
        const scale = 10 ** toNumber(decimals, 'decimals');
        return Math.round(value * scale) / scale;
      },
      check: (call) => checkRange(call) ?? (isNonNumericLiteral(call.hash.decimals) ? 'decimals must be a number' : undefined),
    },
    pick: {
      run: (args) => {
        const choices = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
        if (choices.length === 0) throw new RangeError('nothing to pick from');
        return choices[random.int(0, choices.length - 1)];
      },
      check: (call) => (call.params.length === 0 ? 'expects values or an array to pick from' : undefined),
    },
  };
}
