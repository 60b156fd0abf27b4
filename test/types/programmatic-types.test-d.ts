import { expectTypeOf, test } from 'vitest';
import type { Mimicus, ReloadOptions, ReloadResult } from '../../src/index.js';

test('reload takes a file or a config object, writes back only when asked, and says what it did', () => {
  expectTypeOf<Mimicus['reload']>().parameter(0).toEqualTypeOf<string | object>();
  expectTypeOf<{ writeBack: true }>().toExtend<ReloadOptions>();
  expectTypeOf<Parameters<Mimicus['reload']>>().toEqualTypeOf<[input: string | object, options?: ReloadOptions]>();
  expectTypeOf<Awaited<ReturnType<Mimicus['reload']>>>().toEqualTypeOf<ReloadResult>();
  expectTypeOf<ReloadResult['restartNeeded']>().toEqualTypeOf<readonly string[]>();
  expectTypeOf<ReloadResult['version']>().toEqualTypeOf<number | undefined>();
});
