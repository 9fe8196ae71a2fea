import { runPartQueue } from '../../../common/part-queue';
import type { PartPut, PartQueueOptions, PartTryFailure } from '../../../common/part-queue';
import type { SignedPart } from '../../../common/part-urls';
import type { PartsProgressSnapshot } from '../../../common/parts-progress';

// The loop the web client and the demo CLI share, against an S3 in memory whose every PUT waits
// for the test to end it: which parts go, how many at once, and what each kind of failure does.

/** Eleven parts of 1000 bytes, the last of 7. */
const plan = { size: 10_007, partSize: 1000, partCount: 11 };

class Refusal extends Error {
  constructor(readonly failure: PartTryFailure) {
    super(`refused: ${failure}`);
  }
}

interface HeldPut {
  put: PartPut;
  succeed(): void;
  fail(error: Error): void;
}

/** Lets every settled promise's callbacks run (the queue moves on between awaits). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

function start(overrides: Partial<PartQueueOptions> = {}) {
  const inFlight: HeldPut[] = [];
  const started: number[] = [];
  const stored = new Set<number>();
  const signCalls: number[][] = [];
  const waits: number[] = [];
  const retries: Array<{ partNumber: number; retry: number; delayMs: number }> = [];
  const progress: PartsProgressSnapshot[] = [];
  const giveUps: Array<{ partNumber: number; tries: number; final: boolean }> = [];
  let mostInFlight = 0;
  const controller = new AbortController();

  const done = runPartQueue({
    plan,
    uploadedParts: [],
    sign: async (partNumbers): Promise<SignedPart[]> => {
      signCalls.push(partNumbers);
      return partNumbers.map((partNumber) => ({
        partNumber,
        url: `https://raw.example/v?partNumber=${partNumber}&signature=${signCalls.length}`,
        size: 0,
        expiresAt: '2999-01-01T00:00:00.000Z',
      }));
    },
    put: (put) =>
      new Promise<void>((resolve, reject) => {
        started.push(put.partNumber);
        const end = () => {
          const index = inFlight.indexOf(held);
          if (index >= 0) inFlight.splice(index, 1);
          return index >= 0;
        };
        const held: HeldPut = {
          put,
          succeed: () => {
            if (!end()) return;
            put.onProgress(put.range.end - put.range.start);
            stored.add(put.partNumber);
            resolve();
          },
          fail: (error) => {
            if (end()) reject(error);
          },
        };
        put.signal.addEventListener('abort', () => held.fail(new Error('aborted')), { once: true });
        inFlight.push(held);
        mostInFlight = Math.max(mostInFlight, inFlight.length);
      }),
    classify: (error) => (error instanceof Refusal ? error.failure : 'final'),
    giveUp: ({ partNumber, tries, error, final }) => {
      giveUps.push({ partNumber, tries, final });
      return new Error(`part ${partNumber} gave up after ${tries}: ${(error as Error).message}`);
    },
    wait: async (ms) => {
      waits.push(ms);
    },
    signal: controller.signal,
    onProgress: (snapshot) => progress.push(snapshot),
    onRetry: ({ partNumber, retry, delayMs }) => retries.push({ partNumber, retry, delayMs }),
    concurrency: 4,
    retry: { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 },
    random: () => 0.5,
    ...overrides,
  });
  // Seen by the test's expect(...).rejects; without this, a rejection before that would be unhandled.
  done.catch(() => undefined);
  const put = (partNumber: number): HeldPut => {
    const held = inFlight.find((each) => each.put.partNumber === partNumber);
    if (!held) throw new Error(`part ${partNumber} is not in flight`);
    return held;
  };
  const inFlightParts = () => inFlight.map((each) => each.put.partNumber).sort((a, b) => a - b);
  const finishAll = async () => {
    await settle();
    while (inFlight.length > 0) {
      inFlight[0]!.succeed();
      await settle();
    }
  };
  return {
    done,
    controller,
    started,
    stored,
    signCalls,
    waits,
    retries,
    progress,
    giveUps,
    put,
    inFlightParts,
    finishAll,
    mostInFlight: () => mostInFlight,
  };
}

describe('runPartQueue', () => {
  test('sends only the parts S3 lacks, in order, four at a time, each its byte range, all signed in one call', async () => {
    const run = start({
      uploadedParts: [
        { partNumber: 1, size: 1000 },
        { partNumber: 5, size: 1000 },
        { partNumber: 6, size: 999 },
      ],
    });
    await settle();
    expect(run.inFlightParts()).toEqual([2, 3, 4, 6]);
    expect(run.put(6).put.range).toEqual({ start: 5000, end: 6000 });
    run.put(3).succeed();
    await settle();
    expect(run.inFlightParts()).toEqual([2, 4, 6, 7]);
    await run.finishAll();
    await run.done;

    expect(run.started).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expect(run.mostInFlight()).toBe(4);
    expect(run.signCalls).toEqual([[2, 3, 4, 6, 7, 8, 9, 10, 11]]);
    // The bar starts from the parts that fit; the bytes sent count only this run's.
    expect(run.progress[0]).toEqual({ loaded: 2000, total: plan.size, sent: 0, partsDone: 2, partCount: 11 });
    expect(run.progress.at(-1)).toEqual({
      loaded: plan.size,
      total: plan.size,
      sent: 8007,
      partsDone: 11,
      partCount: 11,
    });
  });

  test('signs at most signBatchSize parts a call', async () => {
    const run = start({ signBatchSize: 5 });
    await run.finishAll();
    await run.done;
    expect(run.signCalls.every((call) => call.length <= 5)).toBe(true);
    expect(run.signCalls[0]).toEqual([1, 2, 3, 4, 5]);
    expect(run.stored.size).toBe(11);
  });

  test('a transient failure is tried again after a backoff that doubles, while the other parts go on', async () => {
    const run = start();
    await settle();
    run.put(2).fail(new Refusal('transient'));
    await settle();
    run.put(2).fail(new Refusal('transient'));
    await settle();
    await run.finishAll();
    await run.done;

    expect(run.started.filter((partNumber) => partNumber === 2)).toHaveLength(3);
    // Equal jitter with the dice at 0.5: three quarters of 1 s, then of 2 s.
    expect(run.waits).toEqual([750, 1500]);
    expect(run.retries).toEqual([
      { partNumber: 2, retry: 1, delayMs: 750 },
      { partNumber: 2, retry: 2, delayMs: 1500 },
    ]);
    expect(run.stored.size).toBe(11);
  });

  test('an expired URL is signed again and used at once, with no backoff', async () => {
    const run = start();
    await settle();
    run.put(3).fail(new Refusal('url-expired'));
    await settle();
    expect(run.signCalls.at(-1)).toEqual([3]);
    expect(run.put(3).put.url).toMatch(/partNumber=3&signature=2$/);
    await run.finishAll();
    await run.done;
    expect(run.waits).toEqual([]);
    expect(run.retries).toEqual([]);
  });

  test('a part out of tries stops the upload with what giveUp makes of it; its siblings are aborted and nothing more starts', async () => {
    const run = start();
    await settle();
    run.put(1).succeed();
    for (let tries = 1; tries <= 4; tries += 1) {
      await settle();
      run.put(3).fail(new Refusal('transient'));
    }

    await expect(run.done).rejects.toThrow('part 3 gave up after 4: refused: transient');
    expect(run.giveUps).toEqual([{ partNumber: 3, tries: 4, final: false }]);
    expect(run.inFlightParts()).toEqual([]);
    expect(run.stored).toEqual(new Set([1]));
    expect(run.started).toEqual([1, 2, 3, 4, 5, 3, 3, 3]);
  });

  test('a final failure stops at once, without a retry', async () => {
    const run = start();
    await settle();
    run.put(2).fail(new Refusal('final'));
    await expect(run.done).rejects.toThrow('part 2 gave up after 1: refused: final');
    expect(run.giveUps).toEqual([{ partNumber: 2, tries: 1, final: true }]);
    expect(run.started).toEqual([1, 2, 3, 4]);
    expect(run.waits).toEqual([]);
  });

  test('a part the API would not sign is final, whatever the caller would make of the error', async () => {
    const run = start({
      sign: async (partNumbers) =>
        partNumbers
          .filter((partNumber) => partNumber !== 2)
          .map((partNumber) => ({
            partNumber,
            url: `https://raw.example/v?partNumber=${partNumber}`,
            size: 0,
            expiresAt: '2999-01-01T00:00:00.000Z',
          })),
      classify: () => 'transient',
    });
    await expect(run.done).rejects.toThrow(
      'part 2 gave up after 1: The service signed no upload link for part 2; try again.',
    );
    expect(run.giveUps).toEqual([{ partNumber: 2, tries: 1, final: true }]);
  });

  test("the caller's abort stops the parts in flight and rejects with its reason; nothing more starts", async () => {
    const run = start();
    await settle();
    run.put(1).succeed();
    await settle();
    const reason = new Error('paused');
    run.controller.abort(reason);
    await expect(run.done).rejects.toBe(reason);
    expect(run.inFlightParts()).toEqual([]);
    expect(run.started).toEqual([1, 2, 3, 4, 5]);
    expect(run.stored).toEqual(new Set([1]));
  });

  test('an abort during a backoff stops at once', async () => {
    let waiting = false;
    const run = start({
      wait: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          waiting = true;
          signal.addEventListener('abort', () => reject(new Error('wait aborted')));
        }),
      concurrency: 1,
    });
    await settle();
    run.put(1).fail(new Refusal('transient'));
    await settle();
    expect(waiting).toBe(true);
    run.controller.abort(new Error('cancelled'));
    await expect(run.done).rejects.toThrow('cancelled');
    expect(run.started).toEqual([1]);
  });

  test('nothing to send: resolves at once, the bar full', async () => {
    const everything = Array.from({ length: 11 }, (_, index) => ({
      partNumber: index + 1,
      size: index === 10 ? 7 : 1000,
    }));
    const run = start({ uploadedParts: everything });
    await run.done;
    expect(run.started).toEqual([]);
    expect(run.signCalls).toEqual([]);
    expect(run.progress).toEqual([{ loaded: plan.size, total: plan.size, sent: 0, partsDone: 11, partCount: 11 }]);
  });
});
