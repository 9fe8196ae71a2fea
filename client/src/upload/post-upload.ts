import type { TransferSample } from './upload-progress';

export interface PostUploadOptions {
  url: string;
  /** The ticket's form fields: they go before the file, as S3 requires. */
  fields: Record<string, string>;
  file: Blob;
  onProgress: (sample: TransferSample) => void;
  signal?: AbortSignal;
}

export class UploadError extends Error {
  override name = 'UploadError';
}

/** S3 answers a refused POST with XML; its Code says why in words a person can act on. */
function describeS3Refusal(status: number, body: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
  if (code === 'EntityTooLarge') return 'The file is larger than the upload allows.';
  if (code === 'AccessDenied' && message && /expired/i.test(message))
    return 'The upload link expired before the file was sent; try again.';
  if (code === 'AccessDenied') return 'The storage service refused the upload; try again.';
  return `The upload failed (${code ?? `HTTP ${status}`}${message ? `: ${message}` : ''}).`;
}

/**
 * POSTs the file to the presigned URL. XMLHttpRequest, not fetch: only it reports upload progress
 * in every browser.
 */
export function postUpload({ url, fields, file, onProgress, signal }: PostUploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    const started = performance.now();
    request.upload.addEventListener('progress', (event) => {
      onProgress({ atMs: performance.now() - started, value: event.loaded });
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress({ atMs: performance.now() - started, value: file.size });
        resolve();
      } else {
        reject(new UploadError(describeS3Refusal(request.status, request.responseText)));
      }
    });
    request.addEventListener('error', () =>
      reject(new UploadError('The upload was interrupted: check the connection and try again.')),
    );
    request.addEventListener('abort', () => reject(new UploadError('The upload was cancelled.')));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.open('POST', url);
    request.send(form);
  });
}
