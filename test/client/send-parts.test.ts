import { describe, expect, test } from '@jest/globals';
import {
  PartRefusedError,
  UploadCancelledError,
  UploadGoneError,
  UploadInterruptedError,
} from '../../client/src/upload/errors';
import { sendMissingParts } from '../../client/src/upload/send-parts';
import type { SendPartsOptions } from '../../client/src/upload/send-parts';
import { partSizeOf } from '../../common/multipart-parts';
import type { PartsProgressSnapshot } from '../../common/parts-progress';
import { PART_RETRY_POLICY } from '../../common/retry-backoff';
import { FakePartTransport, settle } from './fake-part-transport';

const MIB = 1024 * 1024;

/** A file of `parts` parts of 8 MiB, the last one 1 MiB. */
function planOf(parts: number) {
  const size = (parts - 1) * 8 * MIB + MIB;
  return { videoId: '01JVIDEO', size, partSize: 8 * MIB, partCount: parts };
}

/** A file of that many bytes, with none of them in memory: the queue only slices it. */
function sizedBlob(size: number): Blob {
  return { size, slice: (start = 0, end = size) => sizedBlob(end - start) } as Blob;
}

function start(overrides: Partial<SendPartsOptions> & { parts: number }) {
  const transport = new FakePartTransport();
  const plan = planOf(overrides.parts);
  const controller = new AbortController();
  const progress: PartsProgressSnapshot[] = [];
  const waits: number[] = [];
  const done = sendMissingParts({
    file: sizedBlob(plan.size),
    plan,
    uploadedParts: [],
    transport,
    signal: controller.signal,
    onProgress: (snapshot) => progress.push(snapshot),
    wait: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  // Seen by the test's expect(...).rejects; without this, a rejection before that would be unhandled.
  done.catch(() => undefined);
  return { transport, plan, controller, progress, waits, done, last: () => progress.at(-1)! };
}

describe('sendMissingParts', () => {
  test('four parts in flight at most; each finished part lets the next one go', async () => {
    // Prepare
    const { transport, done } = start({ parts: 10 });

    // Act + Assess: the first four go, then one more for each that ends.
    await settle();
    expect(transport.inFlightParts()).toEqual([1, 2, 3, 4]);
    transport.put(2).succeed();
    await settle();
    expect(transport.inFlightParts()).toEqual([1, 3, 4, 5]);
    while (transport.inFlight.length > 0) {
      transport.inFlight[0]!.succeed();
      await settle();
    }
    await done;
    expect(transport.maxInFlight).toBe(4);
    expect(transport.started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // One signing for the part asked for and the ones waiting behind it.
    expect(transport.signCalls).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  });

  test('each part gets its exact byte range: 8 MiB, the last the rest', async () => {
    const { transport, done } = start({ parts: 3 });
    await settle();
    expect(transport.inFlight.map((put) => put.size)).toEqual([8 * MIB, 8 * MIB, MIB]);
    transport.inFlight.slice().forEach((put) => put.succeed());
    await done;
  });

  test('a dropped part is retried after a backoff that grows, the others go on meanwhile', async () => {
    const { transport, waits, done } = start({ parts: 3 });
    await settle();
    transport.put(2).fail(new UploadInterruptedError());
    await settle();
    transport.put(2).fail(new PartRefusedError('The storage service had a problem.', { retryable: true }));
    await settle();
    transport.put(1).succeed();
    transport.put(3).succeed();
    transport.put(2).succeed();
    await done;
    expect(transport.started).toEqual([1, 2, 3, 2, 2]);
    // Equal jitter with the dice at 0.5: three quarters of 1 s, then of 2 s.
    expect(waits).toEqual([750, 1500]);
  });

  test('a part that fails every try stops the upload, saying which part and why; its siblings are aborted', async () => {
    const { transport, done } = start({ parts: 5 });
    await settle();
    transport.put(1).succeed();
    for (let tries = 0; tries <= PART_RETRY_POLICY.retries; tries += 1) {
      await settle();
      transport.put(3).fail(new UploadInterruptedError());
    }
    await expect(done).rejects.toThrow(
      'Part 3 of 5 failed 6 times. The upload was interrupted: check the connection and try again.',
    );
    expect(transport.inFlight).toEqual([]);
    expect(transport.stored).toEqual(new Set([1]));
  });

  test('a refusal no retry can mend stops at once', async () => {
    const { transport, done } = start({ parts: 3 });
    await settle();
    transport.put(2).fail(new PartRefusedError('The upload failed (SignatureDoesNotMatch).', { retryable: false }));
    await expect(done).rejects.toThrow('The upload failed (SignatureDoesNotMatch).');
    expect(transport.started).toEqual([1, 2, 3]);
    expect(transport.inFlight).toEqual([]);
  });

  test('an upload the server no longer has stops at once, as such', async () => {
    const { transport, done } = start({ parts: 2 });
    await settle();
    transport.put(1).fail(new UploadGoneError());
    await expect(done).rejects.toBeInstanceOf(UploadGoneError);
  });

  test('an expired URL is signed again for the retry, at once: an expiry is no reason to wait', async () => {
    const { transport, waits, done } = start({ parts: 2 });
    await settle();
    transport.put(1).fail(new PartRefusedError('The upload link expired.', { retryable: false, urlExpired: true }));
    await settle();
    expect(transport.signCalls).toEqual([[1, 2], [1]]);
    expect(transport.put(1).options.url).toMatch(/signature=2$/);
    transport.put(1).succeed();
    transport.put(2).succeed();
    await done;
    expect(waits).toEqual([]);
  });

  test('URLs near their expiry are signed again before use, not risked on a part', async () => {
    // Prepare: URLs that expire 30 s from "now", inside the minute's margin.
    const now = Date.parse('2026-12-03T10:00:00Z');
    const transport = new FakePartTransport();
    transport.expiresAt = new Date(now + 30_000).toISOString();
    const { done } = start({ parts: 6, concurrency: 1, transport, now: () => now });
    await settle();
    transport.put(1).succeed();
    await settle();
    // Part 2's URL from the first batch is stale: it and the rest are signed again.
    expect(transport.signCalls).toEqual([
      [1, 2, 3, 4, 5, 6],
      [2, 3, 4, 5, 6],
    ]);
    transport.expiresAt = '2999-01-01T00:00:00.000Z';
    for (let part = 2; part <= 6; part += 1) {
      await settle();
      transport.put(part).succeed();
    }
    await done;
  });

  test('pause aborts the parts in flight and sends nothing more; resume sends only the parts S3 lacks', async () => {
    // Prepare: parts 1 and 3 of 6 arrive, part 2 is half-way.
    const first = start({ parts: 6 });
    await settle();
    first.transport.put(1).succeed();
    first.transport.put(3).succeed();
    await settle();
    first.transport.put(2).progress(4 * MIB);

    // Act: pause.
    first.controller.abort();

    // Assess: stopped, nothing in flight, nothing new started.
    await expect(first.done).rejects.toBeInstanceOf(UploadCancelledError);
    expect(first.transport.inFlight).toEqual([]);
    expect(first.transport.started).toEqual([1, 2, 3, 4, 5, 6]);

    // Act: resume with what S3 holds.
    const plan = planOf(6);
    const listed = [...first.transport.stored].map((partNumber) => ({
      partNumber,
      size: partSizeOf(plan, partNumber),
    }));
    const second = start({ parts: 6, uploadedParts: listed });
    await settle();

    // Assess: only the four missing parts go, the held ones count as loaded from the start.
    expect(second.transport.inFlightParts()).toEqual([2, 4, 5, 6]);
    expect(second.progress[0]).toEqual({ loaded: 16 * MIB, total: 41 * MIB, sent: 0, partsDone: 2, partCount: 6 });
    second.transport.inFlight.slice().forEach((put) => put.succeed());
    await second.done;
    expect(second.last()).toMatchObject({ loaded: 41 * MIB, sent: 25 * MIB, partsDone: 6 });
  });

  test('a part S3 lists at a size other than planned is sent again; the bar starts from the parts that fit', async () => {
    const plan = planOf(3);
    const { transport, progress, done } = start({
      parts: 3,
      uploadedParts: [
        { partNumber: 1, size: 8 * MIB },
        { partNumber: 2, size: 5 * MIB },
      ],
    });
    await settle();
    expect(transport.inFlightParts()).toEqual([2, 3]);
    expect(progress[0]).toEqual({ loaded: 8 * MIB, total: plan.size, sent: 0, partsDone: 1, partCount: 3 });
    transport.inFlight.slice().forEach((put) => put.succeed());
    await done;
  });

  test('a pause during a backoff stops at once', async () => {
    const transport = new FakePartTransport();
    const controller = new AbortController();
    let waiting: (() => void) | undefined;
    const { done } = start({
      parts: 1,
      transport,
      signal: controller.signal,
      wait: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          waiting = () => reject(new UploadCancelledError());
          signal.addEventListener('abort', waiting);
        }),
    });
    await settle();
    transport.put(1).fail(new UploadInterruptedError());
    await settle();
    expect(waiting).toBeDefined();
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(UploadCancelledError);
    expect(transport.started).toEqual([1]);
  });

  test('progress: the bar counts what S3 holds or receives; the speed counts every byte sent, retries included', async () => {
    const { transport, last, done } = start({ parts: 3 });
    await settle();
    transport.put(1).progress(2 * MIB);
    transport.put(2).progress(3 * MIB);
    expect(last()).toEqual({ loaded: 5 * MIB, total: 17 * MIB, sent: 5 * MIB, partsDone: 0, partCount: 3 });

    // Part 2's try fails: its 3 MiB leave the bar but stay in the bytes sent.
    transport.put(2).fail(new UploadInterruptedError());
    await settle();
    expect(last()).toMatchObject({ loaded: 2 * MIB, sent: 5 * MIB });

    // Part 1 ends: its whole 8 MiB count, even if the last progress event said less.
    transport.put(1).succeed();
    await settle();
    expect(last()).toMatchObject({ loaded: 8 * MIB, sent: 11 * MIB, partsDone: 1 });

    transport.put(2).succeed();
    transport.put(3).succeed();
    await done;
    expect(last()).toEqual({ loaded: 17 * MIB, total: 17 * MIB, sent: 20 * MIB, partsDone: 3, partCount: 3 });
  });
});
