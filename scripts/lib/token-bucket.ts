import { Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

// The --bwlimit throttle: one token bucket that every part in flight draws from, so the limit holds
// for the whole upload however many parts go at once.

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/** Largest read a throttled stream makes: smaller reads at low rates keep the flow (and the bar) smooth. */
const MAX_CHUNK_BYTES = 256 * 1024;

export class TokenBucket {
  private tokens = 0;
  private updatedMs: number;
  private readonly burstBytes: number;
  private readonly clock: Clock;

  constructor(
    readonly bytesPerSecond: number,
    options: { burstBytes?: number; clock?: Clock } = {},
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`a rate must be above zero; got ${bytesPerSecond}`);
    this.clock = options.clock ?? realClock;
    // An idle moment saves up at most a quarter of a second's bytes.
    this.burstBytes = options.burstBytes ?? bytesPerSecond / 4;
    this.updatedMs = this.clock.now();
  }

  /** Bytes per read that make about eight reads a second at this rate. */
  get chunkBytes(): number {
    return Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor(this.bytesPerSecond / 8)));
  }

  /**
   * Resolves when `bytes` may go. They are taken at once (the balance may go below zero) and the
   * taker waits off the debt, so concurrent takers queue behind each other's bytes: by any time t,
   * no more than the burst plus t times the rate has been let through.
   */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.updatedMs) * this.bytesPerSecond) / 1000);
    this.updatedMs = now;
    this.tokens -= bytes;
    if (this.tokens < 0) await this.clock.sleep((-this.tokens * 1000) / this.bytesPerSecond, signal);
  }
}

/** A pass-through stream that lets each chunk on once the bucket allows it. */
export function throttle(bucket: TokenBucket, signal?: AbortSignal): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bucket.take(chunk.length, signal).then(
        () => done(null, chunk),
        (error: unknown) => done(error as Error),
      );
    },
  });
}
