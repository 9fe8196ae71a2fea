import { ALGORITHM_IDENTIFIER, KEY_TYPE_IDENTIFIER } from '@smithy/signature-v4';

// What a signer names itself with: the Authorization header's fields and the Credential, read in
// one place for every service and every way of signing (header, presigned query, POST form).

export const SIGV4_ALGORITHM = ALGORITHM_IDENTIFIER;
/** The last part of every SigV4 credential scope. */
export const SCOPE_TERMINAL = KEY_TYPE_IDENTIFIER;

/** A Credential: `<access key id>/<yyyymmdd>/<region>/<service>/aws4_request`. */
export interface Credential {
  accessKeyId: string;
  /** yyyymmdd: the day the signing key is for. */
  date: string;
  region: string;
  service: string;
  /** aws4_request in every well-formed credential. */
  terminal: string;
}

/** The Credential's five parts; undefined when it does not have them or its date is not yyyymmdd. */
export function parseCredential(text: string): Credential | undefined {
  const parts = text.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminal] = parts as [string, string, string, string, string];
  if (!/^\d{8}$/.test(date)) return undefined;
  return { accessKeyId, date, region, service, terminal };
}

/** The scope a signature is made in: `<yyyymmdd>/<region>/<service>/aws4_request`. */
export function credentialScope(credential: Credential): string {
  return [credential.date, credential.region, credential.service, SCOPE_TERMINAL].join('/');
}

/**
 * `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`: the algorithm and the
 * fields by name (Credential, SignedHeaders, Signature), whatever their order and spacing.
 */
export function parseAuthorizationHeader(header: string): { algorithm: string; fields: Record<string, string> } {
  const space = header.indexOf(' ');
  const fields: Record<string, string> = {};
  if (space < 0) return { algorithm: header, fields };
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { algorithm: header.slice(0, space), fields };
}
