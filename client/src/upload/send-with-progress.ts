import { UploadCancelledError, UploadInterruptedError } from './errors';

export interface SendWithProgressOptions {
  method: 'POST' | 'PUT';
  url: string;
  body: XMLHttpRequestBodyInit;
  /** Bytes of the body sent so far. */
  onProgress: (loaded: number) => void;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * Sends a body with XMLHttpRequest, not fetch: only it reports upload progress in every browser.
 * Resolves with whatever HTTP answer came (the caller judges it); rejects only when none came.
 */
export function sendWithProgress({
  method,
  url,
  body,
  onProgress,
  signal,
}: SendWithProgressOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadCancelledError());
    const request = new XMLHttpRequest();
    const abort = () => request.abort();
    const settle = () => signal?.removeEventListener('abort', abort);
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    request.addEventListener('load', () => {
      settle();
      resolve({ status: request.status, body: request.responseText });
    });
    request.addEventListener('error', () => {
      settle();
      reject(new UploadInterruptedError());
    });
    request.addEventListener('timeout', () => {
      settle();
      reject(new UploadInterruptedError());
    });
    request.addEventListener('abort', () => {
      settle();
      reject(new UploadCancelledError());
    });
    signal?.addEventListener('abort', abort, { once: true });
    request.open(method, url);
    request.send(body);
  });
}
