import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalCredentials } from '../sigv4/verify';
import { accessDenied, S3Error } from './errors';
import type { FormField } from './form-data';

export interface PostPolicyCheck {
  bucket: string;
  fields: Map<string, FormField>;
  fileSize: number;
  filename: string;
  credentials: LocalCredentials;
  now?: Date;
}

/** Form fields S3 never asks a policy to cover. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);

function policyFailure(condition: unknown): S3Error {
  return accessDenied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition).replace(/,/g, ', ')}`);
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/**
 * A browser POST upload, verified as S3 does: the signature of the policy, its expiration, every
 * condition against the form and the file, and no field the policy does not cover. Returns the
 * object key (with ${filename} substituted).
 */
export function verifyPostPolicy(check: PostPolicyCheck): string {
  const field = (name: string) => check.fields.get(name.toLowerCase())?.value;
  const policyText = field('policy');
  const signature = field('x-amz-signature');
  const credential = field('x-amz-credential');
  if (!policyText || !signature || !credential || field('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || !field('x-amz-date')) {
    throw accessDenied('Invalid according to Policy: the form needs policy, x-amz-algorithm AWS4-HMAC-SHA256, x-amz-credential, x-amz-date and x-amz-signature.');
  }
  const [accessKeyId, date, region, service] = credential.split('/');
  if (accessKeyId !== check.credentials.accessKeyId) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  }
  const expected = createHmac('sha256', signingKey(check.credentials.secretAccessKey, date, region, service)).update(policyText).digest('hex');
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
  }
  let policy: { expiration?: string; conditions?: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.', 400);
  }
  const expiration = Date.parse(policy.expiration ?? '');
  if (Number.isNaN(expiration)) throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.', 400);
  if (expiration <= (check.now ?? new Date()).getTime()) throw accessDenied('Invalid according to Policy: Policy expired.');

  const key = (field('key') ?? '').replace('${filename}', check.filename);
  const valueOf = (name: string) => (name === 'bucket' ? check.bucket : name === 'key' ? key : field(name));
  const covered = new Set<string>();
  for (const condition of policy.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [operator, target, operand] = condition as [string, string | number, string | number];
      if (String(operator).toLowerCase() === 'content-length-range') {
        const [min, max] = [Number(target), Number(operand)];
        if (check.fileSize > max) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(check.fileSize), MaxSizeAllowed: String(max) });
        if (check.fileSize < min) throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, { ProposedSize: String(check.fileSize), MinSizeAllowed: String(min) });
        continue;
      }
      const name = String(target).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      const actual = valueOf(name) ?? '';
      const ok = String(operator).toLowerCase() === 'eq' ? actual === String(operand) : String(operator).toLowerCase() === 'starts-with' ? actual.startsWith(String(operand)) : false;
      if (!ok) throw policyFailure(condition);
    } else if (condition && typeof condition === 'object') {
      for (const [name, value] of Object.entries(condition as Record<string, unknown>)) {
        covered.add(name.toLowerCase());
        if ((valueOf(name.toLowerCase()) ?? '') !== String(value)) throw policyFailure(condition);
      }
    }
  }
  for (const [name, { name: original }] of check.fields) {
    if (EXEMPT.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    // The signing fields are covered by the conditions S3's presigners always write.
    throw accessDenied(`Invalid according to Policy: Extra input fields: ${original}`);
  }
  if (!key) throw new S3Error('InvalidArgument', 'Bucket POST must contain a field named \'key\'.', 400);
  return key;
}
