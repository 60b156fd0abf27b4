import type { CodeOptions } from 'ajv';
import { compilePattern } from '../../config/index.js';

/**
 * Ajv's regex engine for every JSON Schema a config holds (`pattern`, `patternProperties`): the
 * same linear-time engine as every config regex, so `"pattern": "^(a+)+$"` cannot freeze the
 * process on a crafted body. A pattern RE2 cannot run throws here, which fails the schema's
 * compilation, so the config is refused naming the pattern and the unsupported feature.
 */
export const linearRegExp: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string) => {
    const compiled = compilePattern(pattern);
    if (!compiled.ok) throw new Error(`pattern "${pattern}": ${compiled.error}`);
    const { test } = compiled.value;
    // Ajv keys its cache of regexes by `String(regex)`: without its own toString every pattern
    // printed "[object Object]", and the first pattern an Ajv instance compiled answered for all.
    return { source: pattern, test: (text: string) => test.call(compiled.value, text), toString: () => `/${pattern}/u` };
  },
  { code: 'linearRegExp' },
);
