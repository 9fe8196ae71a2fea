import { checkAclAllowed, requestedAcl } from '../../../../local/s3/object-acl';
import { S3Error } from '../../../../local/s3/errors';

const OWNER = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

function outcome(source: Record<string, string>, cannedName: 'x-amz-acl' | 'acl' = 'x-amz-acl'): string {
  try {
    checkAclAllowed(requestedAcl(source, cannedName), OWNER);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    return `${error.status} ${error.code}: ${error.message}`;
  }
}

const REFUSED = '400 AccessControlListNotSupported: The bucket does not allow ACLs';

describe('ACLs on a BucketOwnerEnforced bucket', () => {
  test('no ACL, and the bucket-owner-full-control canned ACL, are allowed', () => {
    expect(outcome({ 'content-type': 'video/mp4' })).toBe('allowed');
    expect(outcome({ 'x-amz-acl': 'bucket-owner-full-control' })).toBe('allowed');
    expect(outcome({ acl: 'bucket-owner-full-control' }, 'acl')).toBe('allowed');
  });

  test('every other canned ACL is refused, private included (it sets an ACL too)', () => {
    for (const canned of [
      'public-read',
      'public-read-write',
      'authenticated-read',
      'aws-exec-read',
      'bucket-owner-read',
      'private',
      'log-delivery-write',
      'not-an-acl',
      '',
    ]) {
      expect(outcome({ 'x-amz-acl': canned })).toBe(REFUSED);
    }
    expect(outcome({ acl: 'public-read' }, 'acl')).toBe(REFUSED);
  });

  test('a POST form names its canned ACL `acl`; a header x-amz-acl in a form is not one', () => {
    expect(outcome({ 'x-amz-acl': 'public-read' }, 'acl')).toBe('allowed');
    expect(outcome({ acl: 'public-read' })).toBe('allowed');
  });

  test('grants are refused unless they give full control to the bucket owner alone', () => {
    expect(outcome({ 'x-amz-grant-full-control': `id="${OWNER}"` })).toBe('allowed');
    expect(outcome({ 'x-amz-grant-full-control': `id=${OWNER}` })).toBe('allowed');
    expect(outcome({ 'x-amz-grant-full-control': 'id="someone-else"' })).toBe(REFUSED);
    expect(
      outcome({ 'x-amz-grant-full-control': `id="${OWNER}", uri="http://acs.amazonaws.com/groups/global/AllUsers"` }),
    ).toBe(REFUSED);
    expect(outcome({ 'x-amz-grant-read': `id="${OWNER}"` })).toBe(REFUSED);
    expect(outcome({ 'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })).toBe(REFUSED);
    expect(outcome({ 'x-amz-grant-full-control': `id="${OWNER}"`, 'x-amz-grant-read-acp': `id="${OWNER}"` })).toBe(
      REFUSED,
    );
    for (const name of ['x-amz-grant-write', 'x-amz-grant-write-acp', 'x-amz-grant-read-acp'])
      expect(outcome({ [name]: 'id="x"' })).toBe(REFUSED);
  });

  test('a canned ACL with grants is refused as S3 refuses any such request', () => {
    expect(outcome({ 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-grant-full-control': `id="${OWNER}"` })).toBe(
      '400 InvalidRequest: Specifying both Canned ACLs and Header Grants is not allowed',
    );
  });
});
