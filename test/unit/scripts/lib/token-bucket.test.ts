import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TokenBucket, throttle } from '../../../../scripts/lib/token-bucket';
import type { Clock } from '../../../../scripts/lib/token-bucket';

const KiB = 1024;

/** Time that moves only when everything else waits: straight to the next sleeper's wake-up. */
class VirtualClock implements Clock {
  private nowMs = 0;
  private sleepers: Array<{ at: number; wake: () => void }> = [];

  now = () => this.nowMs;

  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ at: this.nowMs + ms, wake }));

  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    let idleTurns = 0;
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers.shift();
      if (!next) {
        // Streams move on the event loop's turns; give them a few before calling it stuck.
        if ((idleTurns += 1) > 100) throw new Error('nothing runs and nobody sleeps');
        continue;
      }
      idleTurns = 0;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.wake();
    }
    return work;
  }
}

describe('TokenBucket', () => {
  test('one taker: 1 MiB in 64 KiB chunks at 256 KiB/s takes 4 s, never ahead of the rate', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(256 * KiB, { clock });
    const released: Array<{ atMs: number; total: number }> = [];
    let total = 0;
    await clock.run(
      (async () => {
        for (let i = 0; i < 16; i += 1) {
          await bucket.take(64 * KiB);
          total += 64 * KiB;
          released.push({ atMs: clock.now(), total });
        }
      })(),
    );
    expect(clock.now()).toBe(4000);
    for (const { atMs, total: sent } of released) expect(sent).toBeLessThanOrEqual((256 * KiB * atMs) / 1000);
  });

  test('four parts at once share the rate: the total, not each, is held to it', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(100 * KiB, { clock });
    const finished: number[] = [];
    const part = async () => {
      for (let i = 0; i < 10; i += 1) await bucket.take(10 * KiB);
      finished.push(clock.now());
    };
    await clock.run(Promise.all([part(), part(), part(), part()]));
    // 400 KiB at 100 KiB/s: 4 s for all of them, and they move together (each ends in the last second).
    expect(Math.max(...finished)).toBe(4000);
    expect(Math.min(...finished)).toBeGreaterThanOrEqual(3000);
  });

  test('an idle spell saves up a quarter of a second at most', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(100 * KiB, { clock });
    await clock.run(clock.sleep(60_000));
    await clock.run(bucket.take(25 * KiB));
    expect(clock.now()).toBe(60_000);
    await clock.run(bucket.take(10 * KiB));
    expect(clock.now()).toBe(60_100);
  });

  test('reads of about an eighth of a second, between 1 byte and 256 KiB', () => {
    expect(new TokenBucket(8 * KiB).chunkBytes).toBe(KiB);
    expect(new TokenBucket(100 * 1024 * KiB).chunkBytes).toBe(256 * KiB);
    expect(new TokenBucket(4).chunkBytes).toBe(1);
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});

describe('throttle', () => {
  test('passes every byte in order, at the bucket rate', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(64 * KiB, { clock });
    const data = Buffer.from(Array.from({ length: 128 * KiB }, (_, index) => index % 251));
    const chunks = Array.from({ length: 16 }, (_, index) => data.subarray(index * 8 * KiB, (index + 1) * 8 * KiB));
    const received: Buffer[] = [];
    await clock.run(
      pipeline(Readable.from(chunks), throttle(bucket), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) received.push(chunk);
      }),
    );
    expect(Buffer.concat(received).equals(data)).toBe(true);
    expect(clock.now()).toBe(2000);
  });
});
