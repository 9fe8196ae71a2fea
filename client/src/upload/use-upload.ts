import { useApolloClient } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { CreateUploadUrlDocument, CreateVideoDocument, MyVideosDocument } from '../../../generated/client-operations';
import { describeError } from '../errors/describe-error';
import { UploadError } from './errors';
import { postUpload } from './post-upload';
import { trimSamples } from '../../../common/progress-rate';
import { computeTransferProgress } from './upload-progress';
import type { TransferProgress, TransferSample } from './upload-progress';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; progress: TransferProgress }
  | { phase: 'registering' }
  | { phase: 'done'; videoId: string }
  | { phase: 'failed'; message: string };

export interface UploadRequest {
  file: File;
  contentType: string;
  title: string;
  description: string;
}

/** Ticket, POST with progress, registration: the three steps of an upload, as one state. */
export function useUpload() {
  const client = useApolloClient();
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  async function start({ file, contentType, title, description }: UploadRequest): Promise<string | undefined> {
    const controller = new AbortController();
    abort.current = controller;
    const samples: TransferSample[] = [];
    setState({ phase: 'uploading', progress: computeTransferProgress(samples, file.size) });
    try {
      const ticket = await client.mutate({
        mutation: CreateUploadUrlDocument,
        variables: { input: { contentType, size: file.size } },
      });
      const upload = ticket.data?.createUploadUrl;
      if (!upload) throw new UploadError('The service did not issue an upload link; try again.');
      await postUpload({
        url: upload.url,
        fields: JSON.parse(upload.fields) as Record<string, string>,
        file,
        signal: controller.signal,
        onProgress: (sample) => {
          samples.push(sample);
          trimSamples(samples);
          setState({ phase: 'uploading', progress: computeTransferProgress(samples, file.size) });
        },
      });
      setState({ phase: 'registering' });
      await client.mutate({
        mutation: CreateVideoDocument,
        variables: { input: { id: upload.videoId, title, description: description || null } },
        refetchQueries: [MyVideosDocument],
      });
      setState({ phase: 'done', videoId: upload.videoId });
      return upload.videoId;
    } catch (error) {
      setState({ phase: 'failed', message: describeError(error).message });
      return undefined;
    } finally {
      abort.current = null;
    }
  }

  return { state, start, cancel: () => abort.current?.abort(), reset: () => setState({ phase: 'idle' }) };
}
