import { UploadError } from './errors';
import { describeS3Refusal, readS3Refusal } from './s3-refusal';
import { sendWithProgress } from './send-with-progress';
import type { TransferSample } from './upload-progress';

export interface PostUploadOptions {
  url: string;
  /** The ticket's form fields: they go before the file, as S3 requires. */
  fields: Record<string, string>;
  file: Blob;
  onProgress: (sample: TransferSample) => void;
  signal?: AbortSignal;
}

/** POSTs the file to the presigned URL, reporting the bytes sent as they go. */
export async function postUpload({ url, fields, file, onProgress, signal }: PostUploadOptions): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  const started = performance.now();
  const answer = await sendWithProgress({
    method: 'POST',
    url,
    body: form,
    signal,
    onProgress: (loaded) => onProgress({ atMs: performance.now() - started, value: loaded }),
  });
  if (answer.status < 200 || answer.status >= 300)
    throw new UploadError(describeS3Refusal(readS3Refusal(answer.status, answer.body)));
  onProgress({ atMs: performance.now() - started, value: file.size });
}
