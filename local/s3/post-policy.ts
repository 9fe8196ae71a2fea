import type { AccessKeyPair, CredentialDirectory, LocalPrincipal } from '../iam';
import { verifyPostSignature } from '../sigv4';
import { checkPermission } from './authorization';
import { accessDenied, checkSignature, entityTooLarge, S3Error } from './errors';
import type { FormField } from './form-data';

// Browser POST uploads, verified the way S3 verifies them (AWS's "Browser-based uploads using
// POST" and "POST Policy" pages, and S3's observed answers): the signing fields, the signature
// over the base64 policy, the policy's shape and expiration, every condition against the form,
// and no field the policy does not cover.

export interface PostFormCheck {
  /** The bucket the form was posted to (what a `bucket` condition is checked against). */
  bucket: string;
  fields: FormField[];
  /** The file part's filename parameter; undefined when the part had none. */
  filename: string | undefined;
  /** The access keys S3 knows: one key pair (root) or the local IAM's directory. */
  credentials: AccessKeyPair | CredentialDirectory;
  region: string;
  now?: Date;
}

export interface FormValue {
  /** The name as first sent. */
  name: string;
  value: string;
}

export interface AuthorizedPost {
  key: string;
  /** Field values by lower-case name (repeated fields joined with ','), ${filename} expanded. */
  values: Map<string, FormValue>;
  /** Every content-length-range condition, all of which the file must meet. */
  sizeRanges: Array<{ min: number; max: number }>;
  /** Who signed the policy: the upload acts with their authority. */
  principal: LocalPrincipal;
}

/** Fields S3 never asks a policy to cover. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);
const SIGNING_FIELDS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'Policy'];

const invalidPolicy = (message: string) => new S3Error('InvalidPolicyDocument', `Invalid Policy: ${message}`, 400);
const missingField = (name: string) =>
  new S3Error(
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    400,
    { ArgumentName: name, ArgumentValue: '' },
  );
const conditionFailed = (display: string) =>
  accessDenied(`Invalid according to Policy: Policy Condition failed: ${display}`);

type Condition =
  | { type: 'eq' | 'starts-with'; field: string; value: string; display: string }
  | { type: 'content-length-range'; min: unknown; max: unknown; display: string };

/** How S3 prints a condition in its error: JSON items, comma and space between. */
function display(items: unknown[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** Field values by lower-case name; ${filename} becomes the file's base name, as S3 does before matching. */
export function formValues(fields: FormField[], filename: string | undefined): Map<string, FormValue> {
  const values = new Map<string, FormValue>();
  const base =
    filename === undefined
      ? undefined
      : filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  for (const field of fields) {
    const lower = field.name.toLowerCase();
    // With no filename parameter at all, S3 leaves the variable as it is.
    const value =
      base === undefined || lower === 'policy' || lower === 'x-amz-signature'
        ? field.value
        : field.value.split('${filename}').join(base);
    const existing = values.get(lower);
    values.set(
      lower,
      existing ? { name: existing.name, value: `${existing.value},${value}` } : { name: field.name, value },
    );
  }
  return values;
}

function parseConditions(conditions: unknown[]): Condition[] {
  return conditions.map((condition): Condition => {
    if (Array.isArray(condition)) {
      if (condition.length === 0 || typeof condition[0] !== 'string')
        throw invalidPolicy('Invalid Condition: missing operation identifier.');
      const operation = condition[0].toLowerCase();
      if (operation !== 'eq' && operation !== 'starts-with' && operation !== 'content-length-range')
        throw invalidPolicy(`Invalid Condition: unknown operation '${condition[0]}'.`);
      if (condition.length !== 3) throw invalidPolicy(`Invalid ${condition[0]}: wrong number of arguments.`);
      if (operation === 'content-length-range') {
        for (const bound of condition.slice(1)) {
          if (typeof bound === 'number' && !Number.isInteger(bound)) throw invalidPolicy('Invalid JSON.');
          if (typeof bound === 'number' && bound < 0)
            throw invalidPolicy('Invalid content-length-range: the range must not be negative.');
          if (typeof bound !== 'number' && typeof bound !== 'string') throw invalidPolicy('Invalid JSON.');
        }
        return { type: 'content-length-range', min: condition[1], max: condition[2], display: display(condition) };
      }
      if (typeof condition[1] !== 'string' || typeof condition[2] !== 'string') throw invalidPolicy('Invalid JSON.');
      return { type: operation, field: condition[1], value: condition[2], display: display(condition) };
    }
    if (condition !== null && typeof condition === 'object') {
      const [entry, ...others] = Object.entries(condition as Record<string, unknown>);
      if (!entry || others.length > 0)
        throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
      const [name, value] = entry;
      if (value === null) throw invalidPolicy('Invalid JSON.');
      if (typeof value !== 'string') throw invalidPolicy('Invalid Simple-Condition: value must be a string.');
      // S3 prints a simple condition as the eq it stands for.
      return { type: 'eq', field: `$${name}`, value, display: display(['eq', `$${name}`, value]) };
    }
    throw invalidPolicy('Invalid condition test: must be a List or Object.');
  });
}

const EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function decodePolicy(text: string): { expiration: number; conditions: Condition[] } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) throw invalidPolicy('invalid Base64 encoding.');
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw invalidPolicy('Invalid JSON.');
  const members = document as Record<string, unknown>;
  const unexpected = Object.keys(members).find((name) => name !== 'expiration' && name !== 'conditions');
  if (unexpected !== undefined) throw invalidPolicy(`Unexpected: '${unexpected.toLowerCase()}'`);
  if (!('expiration' in members)) throw invalidPolicy('Policy missing expiration.');
  const expiration = members.expiration;
  if (typeof expiration !== 'string' || !EXPIRATION.test(expiration) || Number.isNaN(Date.parse(expiration))) {
    throw invalidPolicy(`Invalid 'expiration' value: '${String(expiration)}'`);
  }
  if (!('conditions' in members)) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(members.conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a List.");
  return { expiration: Date.parse(expiration), conditions: parseConditions(members.conditions) };
}

/**
 * Everything S3 checks before it stores a byte of the file. Throws S3's error for the first
 * problem; returns the key and the size ranges the file must then meet.
 */
export function authorizePostForm(check: PostFormCheck): AuthorizedPost {
  const values = formValues(check.fields, check.filename);
  const value = (name: string) => values.get(name.toLowerCase())?.value;
  if (SIGNING_FIELDS.slice(0, 4).every((name) => value(name) === undefined)) {
    if (value('AWSAccessKeyId') !== undefined || value('signature') !== undefined) {
      throw new S3Error(
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
        400,
      );
    }
    // No signature at all: an anonymous upload, which neither product bucket takes.
    throw accessDenied();
  }
  for (const name of SIGNING_FIELDS) if (value(name) === undefined) throw missingField(name);
  if (value('key') === undefined) throw missingField('key');
  // The signature covers the policy exactly as received, before it is decoded.
  const policyText = value('Policy')!;
  const principal = checkSignature(() =>
    verifyPostSignature(
      {
        algorithm: value('X-Amz-Algorithm')!,
        credential: value('X-Amz-Credential')!,
        amzDate: value('X-Amz-Date')!,
        policy: policyText,
        signature: value('X-Amz-Signature')!,
      },
      check,
    ),
  );
  // The form uploads with the signer's authority: their identity policies must allow s3:PutObject on the key.
  const denied = checkPermission(principal, {
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${check.bucket}/${value('key')!}`,
  });
  if (denied) throw denied;
  const policy = decodePolicy(policyText);
  if (policy.expiration <= (check.now ?? new Date()).getTime())
    throw accessDenied('Invalid according to Policy: Policy expired.');

  const covered = new Set<string>();
  const sizeRanges: AuthorizedPost['sizeRanges'] = [];
  for (const condition of policy.conditions) {
    if (condition.type === 'content-length-range') {
      const min = Number(condition.min);
      const max = Number(condition.max);
      const numeric = (bound: unknown) =>
        typeof bound === 'number' || (typeof bound === 'string' && /^\d+$/.test(bound));
      if (!numeric(condition.min) || !numeric(condition.max)) throw conditionFailed(condition.display);
      sizeRanges.push({ min, max });
      continue;
    }
    // A field is named with a leading '$'; without it the condition matches nothing.
    if (!condition.field.startsWith('$')) throw conditionFailed(condition.display);
    const name = condition.field.slice(1).toLowerCase();
    covered.add(name);
    const actual = name === 'bucket' ? check.bucket : value(name);
    if (actual === undefined) throw conditionFailed(condition.display);
    const ok =
      condition.type === 'eq'
        ? actual === condition.value
        : // Content-Type values with commas are lists: every item must meet the condition.
          (name === 'content-type' ? actual.split(',').map((item) => item.trim()) : [actual]).every((item) =>
            item.startsWith(condition.value),
          );
    if (!ok) throw conditionFailed(condition.display);
  }
  for (const [lower, field] of values) {
    if (EXEMPT.has(lower) || lower.startsWith('x-ignore-') || covered.has(lower)) continue;
    throw accessDenied(`Invalid according to Policy: Extra input fields: ${field.name}`);
  }
  return { key: value('key')!, values, sizeRanges, principal: principal };
}

/** The file's real size against every content-length-range (inclusive bounds, as on S3). */
export function checkPostSize(sizeRanges: AuthorizedPost['sizeRanges'], size: number): void {
  for (const { min, max } of sizeRanges) {
    if (size > max) throw entityTooLarge(size, max);
    if (size < min) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
        ProposedSize: String(size),
        MinSizeAllowed: String(min),
      });
    }
  }
}

/** The largest file the policy allows: the stream is refused as soon as it passes this. */
export function maxPostSize(sizeRanges: AuthorizedPost['sizeRanges'], limit: number): number {
  return sizeRanges.reduce((max, range) => Math.min(max, range.max), limit);
}
