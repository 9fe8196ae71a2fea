// Browser POST uploads against the suite's raw bucket: the form as a browser sends it, and a
// ticket's policy edited and signed again with the local credentials (what only a holder of the
// secret could do), so a test can present S3 with a policy the API would have issued.
import { createHmac } from 'node:crypto';
import { signingKey } from './s3-requests';

export type PostFields = Record<string, string>;

/** POSTs the fields, then the file, as multipart/form-data (S3 ignores fields after the file). */
export async function postForm(
  url: string,
  fields: PostFields,
  file: Buffer = Buffer.from('fake'),
): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: fields['Content-Type'] ?? 'video/mp4' }), 'clip.mp4');
  const response = await fetch(url, { method: 'POST', body: form });
  return { status: response.status, body: await response.text() };
}

export interface PostPolicy {
  expiration: string;
  conditions: unknown[];
}

function requiredField(fields: PostFields, name: string): string {
  const value = fields[name];
  if (value === undefined) throw new Error(`the POST form has no ${name} field: is it an upload ticket's?`);
  return value;
}

export function decodePolicy(fields: PostFields): PostPolicy {
  return JSON.parse(Buffer.from(requiredField(fields, 'Policy'), 'base64').toString('utf8')) as PostPolicy;
}

/** The ticket's fields with its policy changed by `edit` and signed again with `secretAccessKey`. */
export function resignPolicy(
  fields: PostFields,
  secretAccessKey: string,
  edit: (policy: PostPolicy) => PostPolicy,
): PostFields {
  const credential = requiredField(fields, 'X-Amz-Credential');
  // <access key>/<date>/<region>/s3/aws4_request
  const [, date, region] = credential.split('/');
  if (date === undefined || region === undefined) {
    throw new Error(`X-Amz-Credential ${credential} names no date and region`);
  }
  const policy = Buffer.from(JSON.stringify(edit(decodePolicy(fields)))).toString('base64');
  const signature = createHmac('sha256', signingKey(secretAccessKey, date, region))
    .update(policy, 'utf8')
    .digest('hex');
  return { ...fields, Policy: policy, 'X-Amz-Signature': signature };
}
