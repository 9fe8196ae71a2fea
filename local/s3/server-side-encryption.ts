import { createHash } from 'node:crypto';
import type { DefaultEncryption } from './buckets';
import { invalidArgument, S3Error } from './errors';

// Server-side encryption as S3 reports it. Every object is encrypted at rest on S3: SSE-S3
// (AES256) unless the write asks for SSE-KMS. The local S3 keeps bytes as they came (nothing
// here is cryptography); it applies S3's rules to the headers and reports what S3 would.
//
// SSE-KMS: S3 accepts `aws:kms` (and `aws:kms:dsse`) with no key id, using the account's
// AWS-managed key aws/s3, whose key policy lets every principal of the account use it through
// S3, so AWS takes such a write without any KMS grant in IAM. The local account holds that key
// and no other (Terraform creates no KMS key), so any other key id is refused with the
// KMS.NotFoundException S3 passes on from KMS.

export type SseAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse';

/** What an object is stored with, kept in its metadata. */
export interface ObjectEncryption {
  algorithm: SseAlgorithm;
  /** SSE-KMS: the key's ARN, as S3 reports it. */
  kmsKeyId?: string;
  /** SSE-KMS with an S3 Bucket Key (x-amz-server-side-encryption-bucket-key-enabled: true). */
  bucketKeyEnabled?: boolean;
}

/** The encryption headers of a write, or a POST form's fields of the same names. */
export interface RequestedEncryption {
  algorithm?: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: string;
}

export interface EncryptionContext {
  /** The bucket's default (buckets.json "encryption"). */
  bucketDefault: DefaultEncryption;
  region: string;
  accountId: string;
}

const SSE_HEADER = 'x-amz-server-side-encryption';
const KMS_KEY_HEADER = 'x-amz-server-side-encryption-aws-kms-key-id';
const BUCKET_KEY_HEADER = 'x-amz-server-side-encryption-bucket-key-enabled';
const KMS_ALGORITHMS: readonly string[] = ['aws:kms', 'aws:kms:dsse'];
const AWS_MANAGED_ALIAS = 'alias/aws/s3';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestedEncryption(source: Record<string, string>): RequestedEncryption {
  return {
    algorithm: source[SSE_HEADER],
    kmsKeyId: source[KMS_KEY_HEADER],
    bucketKeyEnabled: source[BUCKET_KEY_HEADER],
  };
}

/** The account's aws/s3 key: one stable id per account and region, as on AWS. */
export function awsManagedKeyArn(region: string, accountId: string): string {
  const hex = createHash('sha256').update(`aws/s3:${accountId}:${region}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return `arn:aws:kms:${region}:${accountId}:key/${id}`;
}

const kmsNotFound = (message: string) => new S3Error('KMS.NotFoundException', message, 400);

/** The KMS key a write names, resolved as S3 and KMS resolve it: only aws/s3 exists here. */
function resolveKmsKey(keyId: string | undefined, context: EncryptionContext): string {
  const { region, accountId } = context;
  const managed = awsManagedKeyArn(region, accountId);
  if (
    keyId === undefined ||
    keyId === AWS_MANAGED_ALIAS ||
    keyId === managed ||
    keyId === managed.slice(managed.lastIndexOf('/') + 1)
  )
    return managed;
  const arn = /^arn:aws:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/.exec(keyId);
  if (arn) {
    const [, keyRegion, keyAccount, kind, name] = arn;
    // A key lives in one region: S3 answers for another region's ARN without asking KMS.
    if (keyRegion !== region) throw kmsNotFound(`Invalid arn ${keyRegion}`);
    if (kind === 'alias') {
      if (name === 'aws/s3' && keyAccount === accountId) return managed;
      throw kmsNotFound(`Alias ${keyId} is not found.`);
    }
    // The key group always takes part in a match.
    if (UUID.test(name!)) throw kmsNotFound(`Key '${keyId}' does not exist`);
    throw kmsNotFound(`Invalid keyId '${name}'`);
  }
  if (keyId.startsWith('alias/')) throw kmsNotFound(`Alias arn:aws:kms:${region}:${accountId}:${keyId} is not found.`);
  if (UUID.test(keyId)) throw kmsNotFound(`Key 'arn:aws:kms:${region}:${accountId}:key/${keyId}' does not exist`);
  throw kmsNotFound(`Invalid keyId '${keyId}'`);
}

/** The encryption a write gets: what it asks for, else the bucket's default; S3's errors otherwise. */
export function resolveEncryption(requested: RequestedEncryption, context: EncryptionContext): ObjectEncryption {
  const { algorithm, kmsKeyId } = requested;
  if (algorithm !== undefined && algorithm !== 'AES256' && !KMS_ALGORITHMS.includes(algorithm)) {
    throw invalidArgument('The encryption method specified is not supported', SSE_HEADER, algorithm);
  }
  if (kmsKeyId !== undefined && (algorithm === undefined || !KMS_ALGORITHMS.includes(algorithm))) {
    throw new S3Error(
      'InvalidArgument',
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      400,
      {
        ArgumentName: SSE_HEADER,
      },
    );
  }
  if (algorithm === undefined || algorithm === 'AES256') return { algorithm: algorithm ?? context.bucketDefault };
  const encryption: ObjectEncryption = {
    algorithm: algorithm as SseAlgorithm,
    kmsKeyId: resolveKmsKey(kmsKeyId, context),
  };
  // S3 Bucket Keys are for SSE-KMS only, not DSSE-KMS.
  if (algorithm === 'aws:kms' && requested.bucketKeyEnabled?.toLowerCase() === 'true')
    encryption.bucketKeyEnabled = true;
  return encryption;
}

export function isKms(encryption: ObjectEncryption | undefined): boolean {
  return encryption !== undefined && KMS_ALGORITHMS.includes(encryption.algorithm);
}

/** The response headers that report an object's encryption. */
export function encryptionHeaders(encryption: ObjectEncryption): Record<string, string> {
  const headers: Record<string, string> = { [SSE_HEADER]: encryption.algorithm };
  if (encryption.kmsKeyId) headers[KMS_KEY_HEADER] = encryption.kmsKeyId;
  if (encryption.bucketKeyEnabled) headers[BUCKET_KEY_HEADER] = 'true';
  return headers;
}

/**
 * An anonymous read of an SSE-KMS object: S3 needs a SigV4-signed request to ask KMS for the key.
 * (CloudFront's origin access control signs, but cannot use aws/s3 either: such an object is
 * never served to viewers.)
 */
export const kmsNeedsSignature = () =>
  new S3Error(
    'InvalidArgument',
    'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.',
    400,
    {
      ArgumentName: 'Authorization',
      ArgumentValue: 'null',
    },
  );
