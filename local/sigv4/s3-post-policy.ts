import type { LocalPrincipal } from '../iam';
import { SIGV4_ALGORITHM } from './credential';
import { S3SignatureError } from './errors';
import { resolveS3Signer, signatureMismatch } from './s3-signer';
import type { S3SigningOptions } from './s3-signer';
import { deriveSigningKey, hmacHex, signaturesEqual } from './signing';

/** The signing fields of a browser POST form, as received. */
export interface PostSignatureFields {
  /** X-Amz-Algorithm */
  algorithm: string;
  /** X-Amz-Credential */
  credential: string;
  /** X-Amz-Date */
  amzDate: string;
  /** The base64 policy document, before it is decoded. */
  policy: string;
  /** X-Amz-Signature */
  signature: string;
}

const invalidField = (name: string, value: string, message: string, details: Record<string, string> = {}) =>
  new S3SignatureError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value, ...details });

/**
 * A browser POST's signature, checked as S3 checks it: the algorithm, the Credential and date
 * fields, then the HMAC of the policy exactly as received. Returns who signed: the upload acts
 * with their authority.
 */
export function verifyPostSignature(fields: PostSignatureFields, options: S3SigningOptions): LocalPrincipal {
  if (fields.algorithm !== SIGV4_ALGORITHM)
    throw invalidField('X-Amz-Algorithm', fields.algorithm, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const { credential, principal } = resolveS3Signer(fields.credential, options, (message, details) =>
    invalidField('X-Amz-Credential', fields.credential, message, details),
  );
  if (!/^\d{8}T\d{6}Z$/.test(fields.amzDate))
    throw invalidField('X-Amz-Date', fields.amzDate, 'X-Amz-Date must be formated via ISO8601 Long format');
  const signingKey = deriveSigningKey(
    principal.secretAccessKey,
    credential.date,
    credential.region,
    credential.service,
  );
  if (!signaturesEqual(hmacHex(signingKey, fields.policy), fields.signature)) {
    throw signatureMismatch({
      accessKeyId: principal.accessKeyId,
      stringToSign: fields.policy,
      provided: fields.signature,
    });
  }
  return principal;
}
