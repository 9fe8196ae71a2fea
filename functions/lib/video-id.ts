/** Video ids are ULIDs (the upload ticket makes them): anything else names no upload. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isVideoId(value: unknown): value is string {
  return typeof value === 'string' && ULID.test(value);
}
