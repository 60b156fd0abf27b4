/**
 * Repetition, as a block or inline:
 *   {{#repeat 3 separator=","}}{"n":{{@index}}}{{/repeat}}   → {"n":0},{"n":1},{"n":2}
 *   {{#repeat 2 5}}…{{else}}none{{/repeat}}                  a count drawn from [2, 5] (seeded)
 *   {{repeat "ab" 3}}  {{repeat "ab" 3 separator="-"}}       → ababab, ab-ab-ab
 * Inside the block: @index, @first, @last, and `this` is the outer context. The separator goes
 * between items only, so JSON arrays come out valid. Counts above maxRepeat are refused, since a
 * count may come from the request and must not make one response take all the memory.
 */
import Handlebars from 'handlebars';
import type { Random } from '../../../distributions/index.js';
import { isNonNumericLiteral, toNumber, toText } from './argument.js';
import type { RenderBudget } from '../render-budget.js';
import type { HelperCall, HelperFamily } from './helper-definition.js';

export const maxRepeat = 10_000;

function readCount(value: unknown, what: string): number {
  const count = toNumber(value, what);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${count}`);
  if (count > maxRepeat) throw new RangeError(`${what} ${count} is over the limit of ${maxRepeat}`);
  return count;
}

function check(call: HelperCall): string | undefined {
  const { params } = call;
  if (call.block) {
    if (params.length !== 1 && params.length !== 2) return 'expects a count, or min and max counts';
    if (params.some(isNonNumericLiteral)) return 'counts must be numbers';
    return undefined;
  }
  if (params.length !== 2) return 'inline form expects text and a count: {{repeat "ab" 3}}';
  return isNonNumericLiteral(params[1]) ? 'the count must be a number' : undefined;
}

export function repeatHelpers(random: Random, budget: RenderBudget): HelperFamily {
  return {
    repeat: {
      run: (args, options, context) => {
        const separator = options.hash.separator === undefined ? '' : toText(options.hash.separator);
        // Handlebars only sets fn for the block form.
        if (typeof (options as { fn?: unknown }).fn !== 'function') {
          const count = readCount(args[1], 'count');
          const text = toText(args[0]);
          // Charged before building: "ab" × 10,000 is cheap, a 1 MiB request string × 10,000 is not.
          budget.iterate(count);
          budget.produce(text.length * count + separator.length * Math.max(0, count - 1));
          return Array.from({ length: count }, () => text).join(separator);
        }
        let count = readCount(args[0], args.length === 2 ? 'min' : 'count');
        if (args.length === 2) {
          const max = readCount(args[1], 'max');
          if (count > max) throw new RangeError(`min ${count} is greater than max ${max}`);
          count = random.int(count, max);
        }
        if (count === 0) return options.inverse(context);
        const data: Record<string, unknown> = Handlebars.createFrame(options.data ?? {});
        let out = '';
        for (let index = 0; index < count; index++) {
          data.index = index;
          data.first = index === 0;
          data.last = index === count - 1;
          if (index > 0) out += separator;
          out += options.fn(context, { data });
        }
        return out;
      },
      check,
    },
  };
}
