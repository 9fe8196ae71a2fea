import { UploadError } from './errors';
import { describeS3Refusal, readS3Refusal } from './s3-refusal';
import { sendWithProgress } from './send-with-progress';

export interface PostUploadOptions {
  url: string;
  /** The ticket's form fields: they go before the file, as S3 requires. */
  fields: Record<string, string>;
  file: Blob;
  /** Bytes of the form sent so far. */
  onProgress: (loaded: number) => void;
  signal?: AbortSignal;
}

/** POSTs the file to the presigned URL, reporting the bytes sent as they go. */
export async function postUpload({ url, fields, file, onProgress, signal }: PostUploadOptions): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  const answer = await sendWithProgress({ method: 'POST', url, body: form, signal, onProgress });
  if (answer.status < 200 || answer.status >= 300)
    throw new UploadError(describeS3Refusal(readS3Refusal(answer.status, answer.body)));
  onProgress(file.size);
}
