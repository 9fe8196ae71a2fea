import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { CliError, isUnreachable } from './cli-error';
import { s3ErrorSentence } from './s3-error-document';
import { throttle } from './token-bucket';
import type { TokenBucket } from './token-bucket';

// A browser-style POST upload (multipart/form-data: the ticket's fields, then the file), streamed
// from disk with a known Content-Length, reporting the file bytes handed to the socket.

export interface PostUploadOptions {
  url: string;
  fields: Record<string, string>;
  filePath: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  onProgress?: (bytesSent: number) => void;
  /** The --bwlimit bucket, when there is one. */
  bucket?: TokenBucket;
  signal?: AbortSignal;
}

function quoted(value: string): string {
  return value.replace(/["\r\n\\]/g, '_');
}

/** The multipart text around the file: every field, then the file part's header; and the closing. */
export function buildMultipartFrame(
  boundary: string,
  fields: Record<string, string>,
  fileName: string,
  contentType: string,
): { head: Buffer; tail: Buffer } {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(fileName)}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return { head: Buffer.from(parts.join(''), 'utf8'), tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8') };
}

export function postUpload(options: PostUploadOptions): Promise<void> {
  const boundary = `----videopipe${randomBytes(12).toString('hex')}`;
  const { head, tail } = buildMultipartFrame(boundary, options.fields, options.fileName, options.contentType);
  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    const request = transport.request(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + options.fileSize + tail.length,
      },
      signal: options.signal,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new CliError(s3ErrorSentence(status, Buffer.concat(chunks).toString('utf8'))));
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (options.signal?.aborted) reject(new CliError('The upload was stopped.', 130));
      else if (isUnreachable(error))
        reject(new CliError(`S3 at ${url.origin} does not answer; is the local cloud (npm start) still running?`));
      else reject(new CliError(`The upload failed: ${error.message}.`));
    });

    request.write(head);
    let sent = 0;
    const file = createReadStream(options.filePath, { highWaterMark: options.bucket?.chunkBytes ?? 256 * 1024 });
    const body = options.bucket ? file.pipe(throttle(options.bucket, options.signal)) : file;
    // Only the bucket's wait fails the throttle, and only when the upload is stopped (request's error says so).
    if (body !== file) body.on('error', () => request.destroy());
    body.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (!request.write(chunk)) {
        body.pause();
        request.once('drain', () => body.resume());
      }
      options.onProgress?.(sent);
    });
    body.on('end', () => {
      if (sent !== options.fileSize) {
        request.destroy();
        reject(new CliError(`${options.fileName} changed size while it was being uploaded.`));
        return;
      }
      request.end(tail);
    });
    file.on('error', (error) => {
      request.destroy();
      reject(new CliError(`Could not read ${options.filePath}: ${error.message}.`));
    });
  });
}
