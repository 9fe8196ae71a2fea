/** @jest-environment jsdom */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PartRefusedError,
  UploadCancelledError,
  UploadGoneError,
  UploadInterruptedError,
} from '../../client/src/upload/errors';
import { putPart } from '../../client/src/upload/put-part';

// One part's PUT through jsdom's XMLHttpRequest to a stand-in for S3 that answers as the query
// says: how each answer is read decides whether the part queue retries, signs again or stops.

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' };

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

const ANSWERS: Record<string, { status: number; body: string }> = {
  ok: { status: 200, body: '' },
  expired: { status: 403, body: s3Error('AccessDenied', 'Request has expired') },
  gone: { status: 404, body: s3Error('NoSuchUpload', 'The specified upload does not exist.') },
  busy: { status: 503, body: s3Error('SlowDown', 'Please reduce your request rate.') },
  wrongSize: {
    status: 403,
    body: s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match.'),
  },
};

let server: http.Server;
let base: string;
const received: number[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (request.method === 'OPTIONS') return response.writeHead(204, CORS).end();
    const answer = new URL(request.url ?? '/', 'http://s3').searchParams.get('answer') ?? 'ok';
    if (answer === 'hangUp') return request.socket.destroy();
    if (answer === 'never') return;
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      received.push(bytes);
      const { status, body } = ANSWERS[answer]!;
      response.writeHead(status, { ...CORS, 'content-type': 'application/xml' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/01VIDEO?uploadId=u&partNumber=1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function put(answer: string, signal = new AbortController().signal, progress: number[] = []) {
  return putPart({
    url: `${base}&answer=${answer}`,
    body: new Blob(['x'.repeat(1000)]),
    signal,
    onProgress: (loaded) => progress.push(loaded),
  });
}

describe('putPart', () => {
  test('a stored part resolves, its whole size reported last', async () => {
    const progress: number[] = [];
    await put('ok', undefined, progress);
    expect(received.at(-1)).toBe(1000);
    expect(progress.at(-1)).toBe(1000);
  });

  test('an expired URL asks for a new one', async () => {
    const error = await put('expired').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PartRefusedError);
    expect(error).toMatchObject({
      urlExpired: true,
      retryable: true,
      message: 'The upload link expired before the file was sent; try again.',
    });
  });

  test('an upload S3 no longer has is gone, not retried', async () => {
    await expect(put('gone')).rejects.toBeInstanceOf(UploadGoneError);
  });

  test('S3 busy or in trouble is worth a retry; a signature for another size is not', async () => {
    await expect(put('busy')).rejects.toMatchObject({
      retryable: true,
      message: 'The storage service had a problem; try again in a moment.',
    });
    await expect(put('wrongSize')).rejects.toMatchObject({
      retryable: false,
      urlExpired: false,
      message: 'The upload failed (SignatureDoesNotMatch: The request signature we calculated does not match.).',
    });
  });

  test('a dropped connection is an interruption, worth a retry', async () => {
    // jsdom tells its console of the network error as a browser would; the test reads the rejection.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(put('hangUp')).rejects.toBeInstanceOf(UploadInterruptedError);
    quiet.mockRestore();
  });

  test('an abort (pause, cancel) stops the request at once', async () => {
    const controller = new AbortController();
    const putting = put('never', controller.signal);
    controller.abort();
    await expect(putting).rejects.toBeInstanceOf(UploadCancelledError);
    await expect(put('ok', controller.signal)).rejects.toBeInstanceOf(UploadCancelledError);
  });
});
