import { credentialDirectory } from '../iam';
import type { AccessKeyPair, CredentialDirectory, LocalPrincipal } from '../iam';
import { parseCredential, SCOPE_TERMINAL } from './credential';
import type { Credential } from './credential';
import { S3SignatureError } from './errors';

// Who signed an S3 request, by S3's rules, the same for an Authorization header, a presigned URL
// and a browser POST form: only the wrapping of S3's answer differs between them.

export interface S3SigningOptions {
  /** The access keys S3 knows: one key pair (root) or the local IAM's directory. */
  credentials: AccessKeyPair | CredentialDirectory;
  /** The region the local S3 stands for: credentials scoped to another one are refused, as S3 does. */
  region: string;
  now?: Date;
}

/** How one way of signing words a bad Credential (AuthorizationHeaderMalformed, AuthorizationQueryParametersError, ...). */
export type CredentialFault = (message: string, details?: Record<string, string>) => S3SignatureError;

export const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** The Credential, held to S3's rules (its shape, this region, service s3), and the principal whose key it names. */
export function resolveS3Signer(
  text: string,
  options: S3SigningOptions,
  fault: CredentialFault,
): { credential: Credential; principal: LocalPrincipal } {
  const credential = parseCredential(text);
  if (!credential)
    throw fault('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const { accessKeyId, region, service, terminal } = credential;
  if (!accessKeyId) throw fault('a non-empty Access Key (AKID) must be provided in the credential.');
  if (region !== options.region)
    throw fault(`the region '${region}' is wrong; expecting '${options.region}'`, { Region: options.region });
  if (service !== 's3') throw fault(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminal !== SCOPE_TERMINAL)
    throw fault(`incorrect terminal "${terminal}". This endpoint uses "${SCOPE_TERMINAL}".`);
  const principal = credentialDirectory(options.credentials).principal(accessKeyId);
  if (!principal) {
    throw new S3SignatureError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
      { AWSAccessKeyId: accessKeyId },
    );
  }
  return { credential, principal };
}

/** S3's SignatureDoesNotMatch, with what it signed so that a client can see where it differed. */
export function signatureMismatch(details: {
  accessKeyId: string;
  stringToSign: string;
  provided: string;
  canonicalRequest?: string;
}): S3SignatureError {
  return new S3SignatureError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403, {
    AWSAccessKeyId: details.accessKeyId,
    StringToSign: details.stringToSign,
    SignatureProvided: details.provided,
    StringToSignBytes: hexBytes(details.stringToSign),
    ...(details.canonicalRequest === undefined
      ? {}
      : { CanonicalRequest: details.canonicalRequest, CanonicalRequestBytes: hexBytes(details.canonicalRequest) }),
  });
}

function hexBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
