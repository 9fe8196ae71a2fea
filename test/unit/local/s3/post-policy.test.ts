import { authorizePostForm, checkPostSize } from '../../../../local/s3/post-policy';
import type { PostFormCheck } from '../../../../local/s3/post-policy';

// AWS's worked example ("Example: Browser-based upload using HTTP POST (using AWS Signature
// Version 4)"): its policy, base64 with CRLF line ends, and the signature AWS states for it.
const POLICY =
  'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
const SIGNATURE = '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e';

const fields: Record<string, string> = {
  key: 'user/user1/${filename}',
  acl: 'public-read',
  success_action_redirect: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html',
  'Content-Type': 'image/jpeg',
  'x-amz-meta-uuid': '14365123651274',
  'x-amz-server-side-encryption': 'AES256',
  'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request',
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Date': '20151229T000000Z',
  'x-amz-meta-tag': '',
  Policy: POLICY,
  'X-Amz-Signature': SIGNATURE,
};

function check(
  overrides: Record<string, string | undefined> = {},
  options: Partial<PostFormCheck> = {},
): PostFormCheck {
  const merged = { ...fields, ...overrides };
  return {
    bucket: 'sigv4examplebucket',
    fields: Object.entries(merged)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => ({ name, value })),
    filename: 'photos/photo.jpg',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    region: 'us-east-1',
    now: new Date('2015-12-29T12:00:00Z'),
    ...options,
  };
}

describe('authorizePostForm', () => {
  test("AWS's example form passes: signature, every condition, ${filename} expanded to the base name", () => {
    const authorized = authorizePostForm(check());
    expect(authorized.key).toBe('user/user1/photo.jpg');
    expect(authorized.values.get('x-amz-meta-uuid')?.value).toBe('14365123651274');
  });

  test("each failed check gives S3's code and words", () => {
    expect(() => authorizePostForm(check({}, { now: new Date('2015-12-30T12:00:01Z') }))).toThrow(
      expect.objectContaining({ code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' }),
    );
    expect(() => authorizePostForm(check({ 'Content-Type': 'text/html' }))).toThrow(
      expect.objectContaining({
        code: 'AccessDenied',
        message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
      }),
    );
    expect(() => authorizePostForm(check({ 'Content-Type': 'image/png,text/html' }))).toThrow(
      expect.objectContaining({ code: 'AccessDenied' }),
    );
    expect(authorizePostForm(check({ 'Content-Type': 'image/png,image/gif' })).key).toBe('user/user1/photo.jpg');
    expect(() => authorizePostForm(check({ acl: 'private' }))).toThrow(
      expect.objectContaining({
        message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "public-read"]',
      }),
    );
    expect(() => authorizePostForm(check({ 'x-amz-meta-tag': undefined }))).toThrow(
      expect.objectContaining({
        message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-meta-tag", ""]',
      }),
    );
    expect(() => authorizePostForm(check({ key: 'user/user2/${filename}' }))).toThrow(
      expect.objectContaining({ code: 'AccessDenied' }),
    );
    expect(() => authorizePostForm(check({}, { bucket: 'other' }))).toThrow(
      expect.objectContaining({
        message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "sigv4examplebucket"]',
      }),
    );
    expect(() => authorizePostForm(check({ 'x-amz-meta-extra': '1' }))).toThrow(
      expect.objectContaining({ message: 'Invalid according to Policy: Extra input fields: x-amz-meta-extra' }),
    );
    expect(authorizePostForm(check({ 'x-ignore-extra': '1' })).key).toBe('user/user1/photo.jpg');
    expect(() => authorizePostForm(check({ 'X-Amz-Signature': SIGNATURE.replace('8', '9') }))).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch', status: 403 }),
    );
    expect(() => authorizePostForm(check({ Policy: POLICY.slice(0, -2) }))).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch' }),
    );
    expect(() => authorizePostForm(check({ 'X-Amz-Signature': undefined }))).toThrow(
      expect.objectContaining({
        code: 'InvalidArgument',
        message:
          "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
      }),
    );
    expect(() =>
      authorizePostForm(check({ 'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20151229/eu-west-1/s3/aws4_request' })),
    ).toThrow(
      expect.objectContaining({
        code: 'InvalidArgument',
        message: "the region 'eu-west-1' is wrong; expecting 'us-east-1'",
      }),
    );
    expect(() =>
      authorizePostForm(
        check({
          'X-Amz-Algorithm': undefined,
          'X-Amz-Credential': undefined,
          'X-Amz-Date': undefined,
          'X-Amz-Signature': undefined,
        }),
      ),
    ).toThrow(expect.objectContaining({ code: 'AccessDenied', message: 'Access Denied' }));
  });

  test('field and condition names are case-insensitive; values are not', () => {
    const lowered = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]));
    expect(
      authorizePostForm({ ...check(), fields: Object.entries(lowered).map(([name, value]) => ({ name, value })) }).key,
    ).toBe('user/user1/photo.jpg');
    expect(() => authorizePostForm(check({ acl: 'PUBLIC-READ' }))).toThrow(
      expect.objectContaining({ code: 'AccessDenied' }),
    );
  });

  test('content-length-range bounds are inclusive; outside them EntityTooLarge and EntityTooSmall', () => {
    expect(() => checkPostSize([{ min: 5, max: 10 }], 5)).not.toThrow();
    expect(() => checkPostSize([{ min: 5, max: 10 }], 10)).not.toThrow();
    expect(() => checkPostSize([{ min: 5, max: 10 }], 11)).toThrow(
      expect.objectContaining({ code: 'EntityTooLarge', details: { ProposedSize: '11', MaxSizeAllowed: '10' } }),
    );
    expect(() => checkPostSize([{ min: 5, max: 10 }], 4)).toThrow(
      expect.objectContaining({ code: 'EntityTooSmall', details: { ProposedSize: '4', MinSizeAllowed: '5' } }),
    );
  });
});
