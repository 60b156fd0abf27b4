/** Durations in a config: "120ms", "1.5s", "2m", "1h", or a number of milliseconds. */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });

/** A duration written as text: a number and an optional unit. */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h)?\\s*$';

export const DurationSchema = Type.Union(
  [
    Type.Number({ minimum: 0 }),
    Type.String({ pattern: DURATION_PATTERN }),
  ],
  {
    description: 'A duration: "120ms", "1.5s", "2m", "1h", or a number of milliseconds',
    ...message('expected a duration like "120ms", "1.5s", "2m" or a number of milliseconds'),
  },
);
