import { S3Error } from '../../../../local/s3/errors';
import {
  awsManagedKeyArn,
  encryptionHeaders,
  requestedEncryption,
  resolveEncryption,
} from '../../../../local/s3/server-side-encryption';

const context = { bucketDefault: 'AES256' as const, region: 'us-east-1', accountId: '111122223333' };
const MANAGED = awsManagedKeyArn('us-east-1', '111122223333');
const MISSING_UUID = '134f2428-cec1-4b25-a1ae-9048164dba47';

function resolve(headers: Record<string, string>) {
  try {
    return resolveEncryption(requestedEncryption(headers), context);
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    return { status: error.status, code: error.code, message: error.message, ...error.details };
  }
}

describe('server-side encryption of a write', () => {
  test('no header, or AES256, is SSE-S3, the bucket default', () => {
    expect(resolve({})).toEqual({ algorithm: 'AES256' });
    expect(resolve({ 'x-amz-server-side-encryption': 'AES256' })).toEqual({ algorithm: 'AES256' });
    expect(encryptionHeaders({ algorithm: 'AES256' })).toEqual({ 'x-amz-server-side-encryption': 'AES256' });
  });

  test("aws:kms without a key, or naming aws/s3, uses the account's AWS-managed key, reported by its ARN", () => {
    expect(MANAGED).toMatch(
      /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(awsManagedKeyArn('us-east-1', '111122223333')).toBe(MANAGED);
    expect(awsManagedKeyArn('eu-west-1', '111122223333')).not.toBe(MANAGED);
    for (const kmsKeyId of [
      undefined,
      'alias/aws/s3',
      'arn:aws:kms:us-east-1:111122223333:alias/aws/s3',
      MANAGED,
      MANAGED.split('/')[1],
    ]) {
      const headers: Record<string, string> = { 'x-amz-server-side-encryption': 'aws:kms' };
      if (kmsKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = kmsKeyId;
      expect(resolve(headers)).toEqual({ algorithm: 'aws:kms', kmsKeyId: MANAGED });
    }
    const withBucketKey = resolve({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    });
    expect(withBucketKey).toEqual({ algorithm: 'aws:kms', kmsKeyId: MANAGED, bucketKeyEnabled: true });
    expect(encryptionHeaders(withBucketKey as never)).toEqual({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': MANAGED,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    });
    // DSSE-KMS takes no S3 Bucket Key.
    expect(
      resolve({
        'x-amz-server-side-encryption': 'aws:kms:dsse',
        'x-amz-server-side-encryption-bucket-key-enabled': 'true',
      }),
    ).toEqual({ algorithm: 'aws:kms:dsse', kmsKeyId: MANAGED });
  });

  test("any other KMS key does not exist in the account: KMS.NotFoundException with KMS's message", () => {
    const kms = (kmsKeyId: string) =>
      resolve({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyId });
    const notFound = (message: string) => ({ status: 400, code: 'KMS.NotFoundException', message });
    expect(kms('fake-key-id')).toEqual(notFound("Invalid keyId 'fake-key-id'"));
    expect(kms('aws/s3')).toEqual(notFound("Invalid keyId 'aws/s3'"));
    expect(kms(MISSING_UUID)).toEqual(
      notFound(`Key 'arn:aws:kms:us-east-1:111122223333:key/${MISSING_UUID}' does not exist`),
    );
    expect(kms(`arn:aws:kms:us-east-1:111122223333:key/${MISSING_UUID}`)).toEqual(
      notFound(`Key 'arn:aws:kms:us-east-1:111122223333:key/${MISSING_UUID}' does not exist`),
    );
    expect(kms(`arn:aws:kms:us-west-2:111122223333:key/${MISSING_UUID}`)).toEqual(notFound('Invalid arn us-west-2'));
    expect(kms('alias/videopipe')).toEqual(
      notFound('Alias arn:aws:kms:us-east-1:111122223333:alias/videopipe is not found.'),
    );
    expect(kms('arn:aws:kms:us-east-1:999999999999:alias/aws/s3')).toEqual(
      notFound('Alias arn:aws:kms:us-east-1:999999999999:alias/aws/s3 is not found.'),
    );
  });

  test('a KMS key without aws:kms, and unknown algorithms, are InvalidArgument', () => {
    const requiresKms = {
      status: 400,
      code: 'InvalidArgument',
      message:
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      ArgumentName: 'x-amz-server-side-encryption',
    };
    expect(resolve({ 'x-amz-server-side-encryption-aws-kms-key-id': 'alias/aws/s3' })).toEqual(requiresKms);
    expect(
      resolve({
        'x-amz-server-side-encryption': 'AES256',
        'x-amz-server-side-encryption-aws-kms-key-id': 'alias/aws/s3',
      }),
    ).toEqual(requiresKms);
    for (const value of ['', 'aes256', 'AES512', 'aes:kms', 'aws:fsx']) {
      expect(resolve({ 'x-amz-server-side-encryption': value })).toEqual({
        status: 400,
        code: 'InvalidArgument',
        message: 'The encryption method specified is not supported',
        ArgumentName: 'x-amz-server-side-encryption',
        ArgumentValue: value,
      });
    }
  });
});
