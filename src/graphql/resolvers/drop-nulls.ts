export type WithoutNulls<T> = { [K in keyof T]: Exclude<T[K], null> };

/**
 * GraphQL passes an omitted-or-null argument as null; services use `undefined` for "not given" so their
 * destructuring defaults apply. Converts one level of an input object.
 */
export function dropNulls<T extends object>(input: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as WithoutNulls<T>;
}
