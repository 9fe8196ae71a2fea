import { UploadCancelledError } from '../../client/src/upload/errors';
import type { SignedPart } from '../../common/part-urls';
import type { PutPartOptions } from '../../client/src/upload/put-part';
import type { PartTransport } from '../../client/src/upload/send-parts';

/** One PUT the fake transport is holding: the test says how it ends. */
export interface HeldPut {
  partNumber: number;
  size: number;
  options: PutPartOptions;
  /** Reports `loaded` bytes sent. */
  progress(loaded: number): void;
  succeed(): void;
  fail(error: Error): void;
}

/**
 * The API's signatures and S3's UploadPart, in memory: every PUT waits for the test to end it, so a
 * test sees exactly what is in flight at each moment.
 */
export class FakePartTransport implements PartTransport {
  readonly signCalls: number[][] = [];
  readonly inFlight: HeldPut[] = [];
  /** Part numbers in the order their PUTs began (a retry appears again). */
  readonly started: number[] = [];
  readonly stored = new Set<number>();
  /** The parts stored, per video id (the URL's path). */
  readonly storedBy = new Map<string, Set<number>>();
  maxInFlight = 0;
  /** expiresAt of the URLs signed from now on. */
  expiresAt = '2999-01-01T00:00:00.000Z';

  async signParts(videoId: string, partNumbers: number[]): Promise<SignedPart[]> {
    this.signCalls.push(partNumbers);
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: `https://raw.example/${videoId}?partNumber=${partNumber}&signature=${this.signCalls.length}`,
      size: 0,
      expiresAt: this.expiresAt,
    }));
  }

  putPart(options: PutPartOptions): Promise<void> {
    const partNumber = Number(new URL(options.url).searchParams.get('partNumber'));
    this.started.push(partNumber);
    return new Promise((resolve, reject) => {
      // Ends the PUT once: an abort after the answer changes nothing.
      const end = () => {
        const index = this.inFlight.indexOf(held);
        if (index >= 0) this.inFlight.splice(index, 1);
        return index >= 0;
      };
      const held: HeldPut = {
        partNumber,
        size: options.body.size,
        options,
        progress: (loaded) => options.onProgress(loaded),
        succeed: () => {
          if (!end()) return;
          this.stored.add(partNumber);
          const videoId = new URL(options.url).pathname.slice(1);
          this.storedBy.set(videoId, (this.storedBy.get(videoId) ?? new Set()).add(partNumber));
          resolve();
        },
        fail: (error: Error) => {
          if (end()) reject(error);
        },
      };
      options.signal.addEventListener('abort', () => held.fail(new UploadCancelledError()), { once: true });
      this.inFlight.push(held);
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.length);
    });
  }

  /** The held PUT of this part. */
  put(partNumber: number): HeldPut {
    const held = this.inFlight.find((put) => put.partNumber === partNumber);
    if (!held) throw new Error(`part ${partNumber} is not in flight (in flight: ${this.inFlightParts().join(', ')})`);
    return held;
  }

  inFlightParts(): number[] {
    return this.inFlight.map((put) => put.partNumber).sort((a, b) => a - b);
  }
}

/** Lets every settled promise's callbacks run (the queue moves on between awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
