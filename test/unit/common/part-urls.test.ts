import { PartNotSignedError, PartUrls } from '../../../common/part-urls';
import type { SignedPart } from '../../../common/part-urls';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const MINUTE = 60_000;

/** An API that signs every part asked for, its URLs expiring `expiresInMs` after the clock. */
function signer(options: { expiresInMs?: number; leaveOut?: number[] } = {}) {
  const calls: number[][] = [];
  let clock = NOW;
  const sign = async (partNumbers: number[]): Promise<SignedPart[]> => {
    calls.push(partNumbers);
    return partNumbers
      .filter((partNumber) => !options.leaveOut?.includes(partNumber))
      .map((partNumber) => ({
        partNumber,
        url: `https://raw.example/v?partNumber=${partNumber}&signature=${calls.length}`,
        size: 1000,
        expiresAt: new Date(clock + (options.expiresInMs ?? 15 * MINUTE)).toISOString(),
      }));
  };
  return { calls, sign, now: () => clock, advance: (ms: number) => (clock += ms) };
}

describe('PartUrls', () => {
  test('signs the part asked for with those waiting behind it, a batch at a time; a signed part costs no call', async () => {
    const api = signer();
    const upcoming = [2, 3, 4, 5, 6];
    const urls = new PartUrls({ sign: api.sign, upcoming: () => upcoming, now: api.now, batchSize: 4 });

    expect((await urls.urlFor(1)).url).toMatch(/partNumber=1&signature=1$/);
    expect((await urls.urlFor(3)).url).toMatch(/signature=1$/);
    expect(await Promise.all([urls.urlFor(2), urls.urlFor(4)])).toHaveLength(2);
    expect(api.calls).toEqual([[1, 2, 3, 4]]);

    // Part 5 was beyond the batch: it starts the next one.
    expect((await urls.urlFor(5)).url).toMatch(/signature=2$/);
    expect(api.calls).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  test('two parts asking at once, before the answer, share one call', async () => {
    const api = signer();
    const urls = new PartUrls({ sign: api.sign, upcoming: () => [2, 3], now: api.now });
    const [first, second] = await Promise.all([urls.urlFor(1), urls.urlFor(2)]);
    expect([first.partNumber, second.partNumber]).toEqual([1, 2]);
    expect(api.calls).toEqual([[1, 2, 3]]);
  });

  test('a URL within the margin of its expiry is signed again, with the others as stale as it', async () => {
    const api = signer();
    const upcoming = [2, 3];
    const urls = new PartUrls({ sign: api.sign, upcoming: () => upcoming, now: api.now, marginMs: MINUTE });
    await urls.urlFor(1);

    // Fourteen and a half minutes on: 30 s left, inside the minute's margin.
    api.advance(14.5 * MINUTE);
    expect((await urls.urlFor(2)).url).toMatch(/partNumber=2&signature=2$/);
    expect(api.calls).toEqual([
      [1, 2, 3],
      [2, 3],
    ]);
  });

  test('a URL signed just now for the part that asked is used however soon it expires', async () => {
    const api = signer({ expiresInMs: 30_000 });
    const urls = new PartUrls({ sign: api.sign, upcoming: () => [], now: api.now, marginMs: MINUTE });
    expect((await urls.urlFor(1)).partNumber).toBe(1);
    expect(api.calls).toEqual([[1]]);
  });

  test('forget (S3 said the URL expired) makes the next ask sign again', async () => {
    const api = signer();
    const urls = new PartUrls({ sign: api.sign, upcoming: () => [], now: api.now });
    await urls.urlFor(1);
    urls.forget(1);
    expect((await urls.urlFor(1)).url).toMatch(/signature=2$/);
  });

  test('a failed signing tells the part that asked, and is forgotten so that its retry signs again', async () => {
    const api = signer();
    let refuse = true;
    const sign = (partNumbers: number[]) =>
      refuse ? Promise.reject(new Error('The service had a problem.')) : api.sign(partNumbers);
    const urls = new PartUrls({ sign, upcoming: () => [2], now: api.now });

    await expect(urls.urlFor(1)).rejects.toThrow('The service had a problem.');
    await expect(urls.urlFor(2)).rejects.toThrow('The service had a problem.');
    refuse = false;
    expect((await urls.urlFor(2)).partNumber).toBe(2);
  });

  test('an answer without the part is said as such, naming the part', async () => {
    const api = signer({ leaveOut: [2] });
    const urls = new PartUrls({ sign: api.sign, upcoming: () => [2], now: api.now });
    expect((await urls.urlFor(1)).partNumber).toBe(1);
    const missing = urls.urlFor(2);
    await expect(missing).rejects.toBeInstanceOf(PartNotSignedError);
    await expect(missing).rejects.toThrow('The service signed no upload link for part 2; try again.');
  });
});
