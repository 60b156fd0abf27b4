import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';

/** Makes a Faker with the English locale, seeded. */
export type CreateFaker = (seed: number) => Faker;

/**
 * We load the English locale entry only: the package's main entry statically imports all ~70
 * locales (measured ≈ +36 MB RSS and 200 ms) where `locale/en` costs ≈ +6 MB and 35 ms. That entry
 * exports a ready instance, not the class, and a value import of `Faker` would pull the main entry
 * in, so we take the class from the instance: every engine needs its own Faker, since a shared one
 * would mix the seeds of two Plans.
 */
const entry = '@faker-js/faker/locale/en';
type FakerEntry = { faker: Faker };

let loaded: CreateFaker | undefined;
let loading: Promise<CreateFaker> | undefined;

function fromEntry({ faker }: FakerEntry): CreateFaker {
  const FakerClass = faker.constructor as typeof Faker;
  const locale = faker.rawDefinitions;
  loaded ??= (seed) => {
    const instance = new FakerClass({ locale });
    instance.seed(seed);
    return instance;
  };
  return loaded;
}

/** Imports faker once per process without blocking; what `engine.prepare` uses. */
export function loadFaker(): Promise<CreateFaker> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (import(entry) as Promise<FakerEntry>).then(fromEntry);
  return loading;
}

/**
 * The same, synchronously, for a compile that was not prepared: faker is ESM-only, and Node
 * >= 20.19 (our floor) can `require` ESM that has no top-level await. It blocks once per process
 * for ~35 ms at Plan build, never on a request, and shares the module instance with `import()`.
 */
export function loadFakerSync(): CreateFaker {
  return loaded ?? fromEntry(createRequire(import.meta.url)(entry) as FakerEntry);
}
