/**
 * Arithmetic, with the operation first; numeric strings count as numbers:
 *   {{math "add" a b}}  sub mul div mod     two operands (div and mod refuse a zero divisor)
 *   {{math "sum" a b c}}  avg min max         any number of operands, or one array
 *   {{math "round" x 2}}  floor ceil abs      one operand; round takes optional decimals
 */
import { toNumber } from './argument.js';
import type { HelperFamily } from './helper-definition.js';

type Operation = (numbers: number[]) => number;

const binary =
  (apply: (a: number, b: number) => number): Operation =>
  (numbers) => {
    if (numbers.length !== 2) throw new RangeError(`expects 2 operands, got ${numbers.length}`);
    return apply(numbers[0]!, numbers[1]!);
  };
const variadic =
  (apply: (numbers: number[]) => number): Operation =>
  (numbers) => {
    if (numbers.length === 0) throw new RangeError('expects at least one operand');
    return apply(numbers);
  };
const unary =
  (apply: (x: number) => number): Operation =>
  (numbers) => {
    if (numbers.length !== 1) throw new RangeError(`expects 1 operand, got ${numbers.length}`);
    return apply(numbers[0]!);
  };
const nonZero = (divisor: number): number => {
  if (divisor === 0) throw new RangeError('division by zero');
  return divisor;
};
const sum = (numbers: number[]): number => numbers.reduce((total, n) => total + n, 0);

const operations: Readonly<Record<string, Operation>> = {
  add: binary((a, b) => a + b),
  sub: binary((a, b) => a - b),
  mul: binary((a, b) => a * b),
  div: binary((a, b) => a / nonZero(b)),
  mod: binary((a, b) => a % nonZero(b)),
  sum: variadic(sum),
  avg: variadic((numbers) => sum(numbers) / numbers.length),
  min: variadic((numbers) => Math.min(...numbers)),
  max: variadic((numbers) => Math.max(...numbers)),
  round: (numbers) => {
    if (numbers.length !== 1 && numbers.length !== 2) throw new RangeError(`expects a value and optional decimals, got ${numbers.length} operands`);
    const scale = 10 ** (numbers[1] ?? 0);
    return Math.round(numbers[0]! * scale) / scale;
  },
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  abs: unary(Math.abs),
};

export const mathOperations: readonly string[] = Object.keys(operations);

export function mathHelpers(): HelperFamily {
  return {
    math: {
      run: ([name, ...rest]) => {
        const operation = typeof name === 'string' ? operations[name] : undefined;
        if (!operation) throw new RangeError(`unknown operation ${String(name)} (one of ${mathOperations.join(', ')})`);
        const values = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as unknown[]) : rest;
        return operation(values.map((value, index) => toNumber(value, `operand ${index + 1}`)));
      },
      check: (call) => {
        const [name] = call.params;
        if (!name) return `expects an operation (${mathOperations.join(', ')}) and operands`;
        if (name.literal && !(typeof name.value === 'string' && name.value in operations)) {
          return `unknown operation ${JSON.stringify(name.value)} (one of ${mathOperations.join(', ')})`;
        }
        return undefined;
      },
    },
  };
}
