import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { element, xmlDocument } from './xml';

/** An S3 error: its code, message and HTTP status, answered as S3's XML error body. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchBucket = (bucket: string) => new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const accessDenied = (message = 'Access Denied') => new S3Error('AccessDenied', message, 403);

export function sendS3Error(res: ServerResponse, error: S3Error, method: string | undefined, headers: Record<string, string> = {}): void {
  const body =
    method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', error.code)}${element('Message', error.message)}${Object.entries(error.extra)
          .map(([name, value]) => element(name, value))
          .join('')}${element('RequestId', randomUUID())}</Error>`;
  res.writeHead(error.status, { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export { xmlDocument };
