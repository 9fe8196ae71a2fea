import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import type { LocalCredentials } from '../sigv4/verify';
import type { CredentialDirectory } from '../iam';
import { answerInternalError, createMediaConvertApiHandler } from './api';
import { MediaConvertService } from './service';
import type { MediaConvertServiceOptions } from './service';

export { MediaConvertService } from './service';
export { transcode } from './transcode';
export { JOB_STATE_CHANGE } from './job-events';
export { resolveFfmpegBinaries } from './ffmpeg-binaries';
export type { FfmpegBinaries } from './ffmpeg-binaries';
// The API model file CreateJob is checked against, and its form (scripts/ extracts it).
export { MODEL_FILE } from './create-job-model';
export type { ServiceModel, Shape } from '../lib/service-model';

export interface LocalMediaConvertOptions extends Omit<MediaConvertServiceOptions, 's3'> {
  port: number;
  /** The key pair the jobs use for S3 (and, without `iam`, the one the API accepts). */
  credentials: LocalCredentials;
  /** The principals the API accepts, each held to its IAM policies. */
  iam?: CredentialDirectory;
  /** The S3 the jobs read inputs from and write outputs to (the local S3). */
  s3Endpoint: string;
}

export interface LocalMediaConvert {
  endpoint: string;
  service: MediaConvertService;
  close(): Promise<void>;
}

/** MediaConvert on one machine: its REST API on 127.0.0.1, jobs run by ffmpeg. */
export async function startMediaConvert(options: LocalMediaConvertOptions): Promise<LocalMediaConvert> {
  const s3 = new S3Client({
    endpoint: options.s3Endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey },
  });
  const service = new MediaConvertService({ ...options, s3 });
  let endpoint = '';
  const handler = createMediaConvertApiHandler({
    service,
    credentials: options.iam ?? options.credentials,
    region: options.region,
    endpoint: () => endpoint,
  });
  const server = createLocalServer(handler, { service: 'MediaConvert', log: options.log, answerInternalError });
  await listen(server, options.port, '127.0.0.1', 'MediaConvert');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    service,
    close: async () => {
      await closeServer(server);
      await service.close();
      s3.destroy();
    },
  };
}
