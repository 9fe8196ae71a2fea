export interface EventuallyOptions {
  /** What is awaited, for the failure message. */
  what?: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Runs `check` until it stops throwing, and returns what it returned. When time is up the test
 * fails with the last error, so an expect inside says what was seen last, not only "timed out".
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { what = 'a check to pass', timeoutMs = 5000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) {
        // The last error itself, so the report points at the failing expect in the test.
        const timedOut = `timed out after ${timeoutMs} ms waiting for ${what}; last failure:`;
        if (error instanceof Error) {
          error.message = `${timedOut}\n${error.message}`;
          throw error;
        }
        throw new Error(`${timedOut} ${String(error)}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `eventually` for a plain condition: waits until it holds, or fails naming what was awaited. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  await eventually(
    () => {
      if (!condition()) throw new Error(`${what} has not happened`);
    },
    { what, timeoutMs, intervalMs: 10 },
  );
}
