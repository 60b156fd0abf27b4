import type { Faker } from '@faker-js/faker';

/** Makes a Faker with the English locale, seeded. */
export type CreateFaker = (seed: number) => Faker;

let loading: Promise<CreateFaker> | undefined;

/**
 * Imports faker once per process, on first need. We import the English locale entry only: the
 * package's main entry statically imports all ~70 locales (measured ≈ +36 MB RSS, 200 ms) where
 * `locale/en` costs ≈ +6 MB and 40 ms. That entry exports a ready instance, not the class, and a
 * value import of `Faker` would pull the main entry in, so we take the class from the instance:
 * every engine needs its own Faker, since a shared one would mix the seeds of two Plans.
 */
export function loadFaker(): Promise<CreateFaker> {
  loading ??= import('@faker-js/faker/locale/en').then(({ faker }) => {
    const FakerClass = faker.constructor as typeof Faker;
    const locale = faker.rawDefinitions;
    return (seed: number) => {
      const instance = new FakerClass({ locale });
      instance.seed(seed);
      return instance;
    };
  });
  return loading;
}
