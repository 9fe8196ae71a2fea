/**
 * The value a test needs to go on, or a failure that names what was missing: an index or a find()
 * may come back empty, and the test should say what it expected rather than die on undefined later.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found none`);
  return value;
}
