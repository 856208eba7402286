/**
 * A row referenced by another row of the same request vanished (deleted concurrently). That is a race, not a user
 * error; fail the field loudly rather than return a half object.
 */
export function requireLoaded<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} referenced by this result no longer exists`);
  return value;
}
