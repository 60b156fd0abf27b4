/** Durations in a config: "120ms", "1.5s", "2m", "1h", or a number of milliseconds. */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });

export const DurationSchema = Type.Union(
  [
    Type.Number({ minimum: 0 }),
    Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h)?\\s*$' }),
  ],
  {
    description: 'A duration: "120ms", "1.5s", "2m", "1h", or a number of milliseconds',
    ...message('expected a duration like "120ms", "1.5s", "2m" or a number of milliseconds'),
  },
);
