// How fast something moves now (bytes of an upload, percent of a transcode), and the time left at
// that pace: the web client's upload progress and the demo CLI's bars both go by it.

/** Seconds left at the given rate; undefined until there is a rate to go by. */
export function computeRemainingSeconds(
  done: number,
  total: number,
  perSecond: number | undefined,
): number | undefined {
  if (perSecond === undefined || !(perSecond > 0) || done >= total) return done >= total ? 0 : undefined;
  return (total - done) / perSecond;
}

export interface RateSample {
  atMs: number;
  value: number;
}

/**
 * Rate over the samples of the last `windowMs` (the speed now, not since the start); undefined
 * until two samples span some time.
 */
export function computeRate(samples: readonly RateSample[], windowMs = 3000): number | undefined {
  const [oldest] = samples;
  const beforeLast = samples.at(-2);
  const last = samples.at(-1);
  if (!oldest || !beforeLast || !last) return undefined;
  const first = samples.find((sample) => sample.atMs >= last.atMs - windowMs) ?? oldest;
  const start = first === last ? beforeLast : first;
  const spanMs = last.atMs - start.atMs;
  if (spanMs <= 0) return undefined;
  return ((last.value - start.value) * 1000) / spanMs;
}

/** Keeps the samples computeRate needs (the last window and one before it). */
export function trimSamples(samples: RateSample[], windowMs = 3000): void {
  const last = samples.at(-1);
  if (!last) return;
  while (samples.length > 2 && samples[1]!.atMs < last.atMs - windowMs) samples.shift();
}
