/** Items of a CRUD collection live under this prefix of the global state scope. */
export const crudKeyPrefix = (collection: string): string => `global:crud:${collection}:`;
