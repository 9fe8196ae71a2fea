export interface S3Refusal {
  status: number;
  /** S3's error code (AccessDenied, NoSuchUpload...), when the answer carried one. */
  code?: string;
  message?: string;
}

/** S3 answers a refused request with XML; its Code and Message say why. */
export function readS3Refusal(status: number, body: string): S3Refusal {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
  return { status, ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

/** A presigned URL used after its time: a fresh one would do. */
export function isExpiredUrl({ code, message }: S3Refusal): boolean {
  return code === 'AccessDenied' && message !== undefined && /expired/i.test(message);
}

/** Why S3 refused, in words a person can act on. */
export function describeS3Refusal(refusal: S3Refusal): string {
  const { status, code, message } = refusal;
  if (code === 'EntityTooLarge') return 'The file is larger than the upload allows.';
  if (isExpiredUrl(refusal)) return 'The upload link expired before the file was sent; try again.';
  if (code === 'AccessDenied') return 'The storage service refused the upload; try again.';
  if (status >= 500) return 'The storage service had a problem; try again in a moment.';
  return `The upload failed (${code ?? `HTTP ${status}`}${message ? `: ${message}` : ''}).`;
}
