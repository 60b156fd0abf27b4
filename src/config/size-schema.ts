/** Sizes in a config: "64KiB", "1MB", "512B", or a number of bytes. */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });

export const SizeSchema = Type.Union(
  [Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB|kB|k|K|M|G)?\\s*$' })],
  {
    description: 'A size: "64KiB", "1MB", "512B", or a number of bytes',
    ...message('expected a size like "64KiB", "1MB", "512B" or a number of bytes'),
  },
);
