/** Durations in a config: "120ms", "1.5s", "2m", "1h", or a number of milliseconds. */
import Type from 'typebox';
import { DURATION_PATTERN } from './duration-pattern.js';

const message = (errorMessage: string) => ({ errorMessage });

export const DurationSchema = Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: DURATION_PATTERN })], {
  description: 'A duration: "120ms", "1.5s", "2m", "1h", or a number of milliseconds',
  ...message('expected a duration like "120ms", "1.5s", "2m" or a number of milliseconds'),
});
