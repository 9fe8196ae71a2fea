import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PartUrl } from '../../../../scripts/lib/multipart-api';
import type { PartsProgressSnapshot } from '../../../../common/parts-progress';
import { uploadParts } from '../../../../scripts/lib/multipart-upload';
import { PartUploadError } from '../../../../scripts/lib/part-upload';

// The parts loop against a stand-in for S3's presigned UploadPart: which parts go, in how many
// signing calls, how many at once, and what a refusal or a dropped connection does.

const plan = { size: 10_007, partSize: 1000, partCount: 11 };
/** Retries a few milliseconds apart. */
const QUICK_RETRY = { retries: 5, baseDelayMs: 10, maxDelayMs: 10 };
let dir: string;
let file: string;
let data: Buffer;
let server: Server;
let baseUrl: string;
/** What the stand-in does with a PUT; the default stores it. */
let answer: (partNumber: number, req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
let stored: Map<number, Buffer>;
let inFlight = 0;
let mostInFlight = 0;

const store = (partNumber: number, _req: IncomingMessage, res: ServerResponse, body: Buffer) => {
  stored.set(partNumber, body);
  res.writeHead(200, { etag: '"x"' }).end();
};
const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
  res
    .writeHead(status, { 'content-type': 'application/xml' })
    .end(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-parts-'));
  file = path.join(dir, 'clip.mp4');
  data = randomBytes(plan.size);
  writeFileSync(file, data);
  server = createServer({ noDelay: true }, (req, res) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // Held a moment, so that parts overlap as they do over a network.
      setTimeout(() => {
        inFlight -= 1;
        const partNumber = Number(/^\/part\/(\d+)/.exec(req.url ?? '')?.[1]);
        answer(partNumber, req, res, Buffer.concat(chunks));
      }, 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  answer = store;
  stored = new Map();
  mostInFlight = 0;
});

function signer(expiresInMs = 15 * 60_000) {
  const calls: number[][] = [];
  let signature = 0;
  const signUrls = async (partNumbers: number[]): Promise<PartUrl[]> => {
    calls.push(partNumbers);
    signature += 1;
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: `${baseUrl}/part/${partNumber}?signature=${signature}`,
      size: Math.min(plan.partSize, plan.size - (partNumber - 1) * plan.partSize),
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    }));
  };
  return { calls, signUrls };
}

function expectStoredWhole(partNumbers: number[]) {
  for (const partNumber of partNumbers) {
    const start = (partNumber - 1) * plan.partSize;
    expect(stored.get(partNumber)?.equals(data.subarray(start, start + plan.partSize))).toBe(true);
  }
}

describe('uploadParts', () => {
  test('sends only the missing parts, four at a time, each its own byte range; progress ends at the size', async () => {
    const { calls, signUrls } = signer();
    const progress: PartsProgressSnapshot[] = [];

    await uploadParts({
      filePath: file,
      plan,
      uploadedParts: [
        { partNumber: 1, size: 1000 },
        { partNumber: 5, size: 1000 },
      ],
      signUrls,
      onProgress: (now) => progress.push(now),
    });

    expect([...stored.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expectStoredWhole([...stored.keys()]);
    expect(mostInFlight).toBe(4);
    // One signing call for every part still to send.
    expect(calls).toEqual([[2, 3, 4, 6, 7, 8, 9, 10, 11]]);
    expect(progress[0]).toEqual({ loaded: 2000, total: plan.size, sent: 0, partsDone: 2, partCount: 11 });
    expect(progress.at(-1)).toEqual({ loaded: plan.size, total: plan.size, sent: 8007, partsDone: 11, partCount: 11 });
    expect(progress.every((now, index) => index === 0 || now.partsDone >= progress[index - 1]!.partsDone)).toBe(true);
  });

  test('URLs are signed at most 100 parts a call, and again when they are about to expire', async () => {
    const big = { size: 250 * 10, partSize: 10, partCount: 250 };
    writeFileSync(path.join(dir, 'big.mp4'), Buffer.alloc(big.size));
    const calls: number[][] = [];
    // Fourteen and a half minutes pass once 50 parts are up: the first batch has 30 s left.
    const now = () => Date.now() + (stored.size >= 50 ? 14.5 * 60_000 : 0);
    const signUrls = async (partNumbers: number[]) => {
      calls.push(partNumbers);
      return partNumbers.map((partNumber) => ({
        partNumber,
        url: `${baseUrl}/part/${partNumber}`,
        size: 10,
        expiresAt: new Date(now() + 15 * 60_000).toISOString(),
      }));
    };

    await uploadParts({ filePath: path.join(dir, 'big.mp4'), plan: big, uploadedParts: [], signUrls, now });

    expect(stored.size).toBe(250);
    expect(calls.every((numbers) => numbers.length <= 100)).toBe(true);
    expect(calls[0]).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    // Parts of the first batch still to go after the jump were signed again, in one call with what follows.
    const second = calls[1] ?? [];
    expect(second[0]).toBeGreaterThanOrEqual(50);
    expect(second[0]).toBeLessThanOrEqual(60);
    expect(second).toHaveLength(100);
    expect(new Set(calls.flat())).toEqual(new Set(Array.from({ length: 250 }, (_, index) => index + 1)));
  });

  test('a URL that expires sooner than usual is still used when it was signed for that part just now', async () => {
    const { signUrls } = signer(30_000);

    await uploadParts({ filePath: file, plan, uploadedParts: [], signUrls });

    expect(stored.size).toBe(11);
  });

  test('a part refused with a 500 or cut off mid-way is sent again after a pause; the upload completes', async () => {
    const { signUrls } = signer();
    const tries = new Map<number, number>();
    answer = (partNumber, req, res, body) => {
      tries.set(partNumber, (tries.get(partNumber) ?? 0) + 1);
      if (partNumber === 3 && tries.get(3) === 1) return refuse(res, 500, 'InternalError', 'We had a problem');
      if (partNumber === 7 && tries.get(7) === 1) return req.socket.destroy();
      store(partNumber, req, res, body);
    };
    const retries: Array<{ partNumber: number; retry: number; reason: string }> = [];

    await uploadParts({
      filePath: file,
      plan,
      uploadedParts: [],
      signUrls,
      retry: QUICK_RETRY,
      onRetry: ({ partNumber, retry, reason }) => retries.push({ partNumber, retry, reason }),
    });

    expect(stored.size).toBe(11);
    expectStoredWhole([3, 7]);
    expect(retries).toEqual(
      expect.arrayContaining([
        {
          partNumber: 3,
          retry: 1,
          reason: 'The part was refused (HTTP 500 InternalError): We had a problem',
        },
        { partNumber: 7, retry: 1, reason: expect.stringMatching(/^The connection failed: /) },
      ]),
    );
    expect(retries).toHaveLength(2);
  });

  test('an expired URL is signed again and used at once, with no pause', async () => {
    const { calls, signUrls } = signer();
    let expiredOnce = false;
    answer = (partNumber, req, res, body) => {
      if (partNumber === 4 && !expiredOnce) {
        expiredOnce = true;
        return refuse(res, 403, 'AccessDenied', 'Request has expired');
      }
      store(partNumber, req, res, body);
    };
    const retries: unknown[] = [];

    await uploadParts({
      filePath: file,
      plan,
      uploadedParts: [],
      signUrls,
      // A pause would outlast the test's time-out.
      retry: { retries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      onRetry: (retry) => retries.push(retry),
    });

    expect(stored.size).toBe(11);
    expect(retries).toEqual([]);
    expect(calls.at(-1)?.[0]).toBe(4);
  });

  test('a refusal that no retry mends (the signature does not match) stops every part and names the part', async () => {
    const { signUrls } = signer();
    const tries = new Map<number, number>();
    answer = (partNumber, req, res, body) => {
      tries.set(partNumber, (tries.get(partNumber) ?? 0) + 1);
      if (partNumber === 2)
        return refuse(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match');
      store(partNumber, req, res, body);
    };

    const attempt = uploadParts({ filePath: file, plan, uploadedParts: [], signUrls, retry: QUICK_RETRY });

    await expect(attempt).rejects.toThrow(
      new PartUploadError(
        'Part 2 of 11 could not be sent: The part was refused (HTTP 403 SignatureDoesNotMatch): The request signature we calculated does not match',
        false,
      ),
    );
    expect(tries.get(2)).toBe(1);
    // The three parts already in flight may land; no part starts after the failure.
    expect(stored.size).toBeLessThanOrEqual(4);
  });

  test('a part that keeps failing gives up after the set number of tries', async () => {
    const { signUrls } = signer();
    let tries = 0;
    answer = (partNumber, req, res, body) => {
      if (partNumber !== 1) return store(partNumber, req, res, body);
      tries += 1;
      refuse(res, 503, 'SlowDown', 'Please reduce your request rate.');
    };

    const attempt = uploadParts({
      filePath: file,
      plan,
      uploadedParts: [],
      signUrls,
      retry: { ...QUICK_RETRY, retries: 2 },
    });

    await expect(attempt).rejects.toThrow(
      'Part 1 of 11 could not be sent in 3 tries: The part was refused (HTTP 503 SlowDown): Please reduce your request rate.',
    );
    expect(tries).toBe(3);
  });

  test('stopping (Ctrl-C) ends the parts in flight at once', async () => {
    const { signUrls } = signer();
    const stop = new AbortController();
    answer = (partNumber, req, res, body) => {
      stop.abort();
      store(partNumber, req, res, body);
    };

    await expect(
      uploadParts({ filePath: file, plan, uploadedParts: [], signUrls, signal: stop.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(stored.size).toBeLessThan(11);
  });
});
