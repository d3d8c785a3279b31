/**
 * The named fields of a record, copied as they are and in that order: what a response DTO's
 * `from()` takes over unchanged from its entity.
 */
export function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}
