import { S3Error } from './errors';

// S3 Object Ownership "BucketOwnerEnforced" (the only setting the local S3 models, see buckets.ts):
// ACLs are disabled, so a write may carry no ACL, or only the ACL that changes nothing: full
// control for the bucket owner (the bucket-owner-full-control canned ACL, or that one grant
// spelled out). Any other ACL is refused with AccessControlListNotSupported before a byte is stored.

/** The grant headers of S3's ACL API (also accepted as POST form fields). */
export const GRANT_HEADERS = [
  'x-amz-grant-full-control',
  'x-amz-grant-read',
  'x-amz-grant-read-acp',
  'x-amz-grant-write',
  'x-amz-grant-write-acp',
] as const;

/** The canned ACL a BucketOwnerEnforced bucket still accepts. */
export const BUCKET_OWNER_FULL_CONTROL = 'bucket-owner-full-control';

export interface RequestedAcl {
  /** x-amz-acl, or a POST form's `acl` field. */
  canned?: string;
  /** The x-amz-grant-* values present, by lower-case name. */
  grants: Array<[string, string]>;
}

export const aclNotSupported = () =>
  new S3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);

/** The ACL a request (headers by lower-case name) or a POST form (its fields, `acl` for the canned ACL) asks for. */
export function requestedAcl(
  source: Record<string, string>,
  cannedName: 'x-amz-acl' | 'acl' = 'x-amz-acl',
): RequestedAcl {
  return {
    canned: source[cannedName],
    grants: GRANT_HEADERS.flatMap((name): Array<[string, string]> => {
      const value = source[name];
      return value === undefined ? [] : [[name, value]];
    }),
  };
}

/** `id="…", uri="…"` grantee lists as S3's grant headers take them, quotes optional. */
function grantees(value: string): Array<{ type: string; value: string }> {
  return value.split(',').map((grantee) => {
    const match = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(grantee);
    // Both groups always take part in a match (the second may be empty).
    return match ? { type: match[1]!.toLowerCase(), value: match[2]! } : { type: '', value: grantee };
  });
}

/** True when the grants give full control to the bucket owner and to no one else. */
function grantsOnlyOwnerFullControl(grants: RequestedAcl['grants'], ownerId: string): boolean {
  const [only, ...others] = grants;
  return (
    only !== undefined &&
    others.length === 0 &&
    only[0] === 'x-amz-grant-full-control' &&
    grantees(only[1]).every((grantee) => grantee.type === 'id' && grantee.value === ownerId)
  );
}

/** Refuses what S3 refuses on a BucketOwnerEnforced bucket; `ownerId` is the bucket owner's canonical user id. */
export function checkAclAllowed(requested: RequestedAcl, ownerId: string): void {
  if (requested.canned !== undefined && requested.grants.length > 0)
    throw new S3Error('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', 400);
  if (requested.canned === undefined && requested.grants.length === 0) return;
  if (requested.canned === BUCKET_OWNER_FULL_CONTROL) return;
  if (requested.grants.length > 0 && grantsOnlyOwnerFullControl(requested.grants, ownerId)) return;
  throw aclNotSupported();
}
