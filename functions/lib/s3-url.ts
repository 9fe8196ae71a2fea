/** s3://bucket/key/parts -> { bucket, key }; throws on anything else. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`Not an s3:// object URL: ${url}`);
  // Both groups are mandatory in the pattern.
  return { bucket: match[1]!, key: match[2]! };
}

/** The directory part of a key, with its trailing slash ('' at the bucket's root). */
export function keyDirectory(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
