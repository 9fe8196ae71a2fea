// The AWS JSON protocols' request members, read as the stand-ins compare them. Nothing checks the
// client's JSON against the API first, so a member may hold any JSON value.

/** A member as text: '' when absent or null, a scalar as String() writes it, an object or array as its JSON. */
export function memberText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
