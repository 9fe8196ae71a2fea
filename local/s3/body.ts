import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Error } from './errors';

export interface ReceivedBody {
  size: number;
  md5: string;
  sha256: string;
}

/**
 * aws-chunked (what SDK v3 sends for streaming bodies): `<hex size>[;chunk-signature=...]\r\n<data>\r\n`
 * ... `0\r\n<trailers>\r\n\r\n`. Chunk signatures are not re-verified here; the seed request's is.
 */
function decodeAwsChunked(): Transform {
  let buffer = Buffer.alloc(0);
  let remaining = -1;
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (done) break;
        if (remaining < 0) {
          const lineEnd = buffer.indexOf('\r\n');
          if (lineEnd < 0) break;
          const size = parseInt(buffer.subarray(0, lineEnd).toString('latin1').split(';')[0], 16);
          if (Number.isNaN(size)) return callback(new S3Error('InvalidRequest', 'Malformed aws-chunked body.', 400));
          buffer = buffer.subarray(lineEnd + 2);
          if (size === 0) {
            done = true;
            break;
          }
          remaining = size;
        }
        if (buffer.length < remaining + 2) {
          if (buffer.length > 0 && buffer.length <= remaining) {
            this.push(buffer);
            remaining -= buffer.length;
            buffer = Buffer.alloc(0);
          }
          break;
        }
        this.push(buffer.subarray(0, remaining));
        buffer = buffer.subarray(remaining + 2);
        remaining = -1;
      }
      callback();
    },
  });
}

/** Streams a request body to a file, hashing as it goes; never holds the whole body in memory. */
export async function receiveBody(req: IncomingMessage, file: string, maxBytes: number): Promise<ReceivedBody> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  const encoding = String(req.headers['content-encoding'] ?? '');
  const payload = String(req.headers['x-amz-content-sha256'] ?? '');
  const chunked = encoding.includes('aws-chunked') || payload.startsWith('STREAMING-');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400));
      md5.update(chunk);
      sha256.update(chunk);
      callback(null, chunk);
    },
  });
  const stages = chunked ? [req, decodeAwsChunked(), meter, createWriteStream(file)] : [req, meter, createWriteStream(file)];
  await (pipeline as unknown as (...streams: unknown[]) => Promise<void>)(...stages);
  return { size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}
