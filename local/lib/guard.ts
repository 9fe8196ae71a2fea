// The one place where a failure inside a listener stops: a request handler, a WebSocket frame
// handler, a timer or an event listener that throws (or whose promise rejects) is logged and, where
// there is a caller, answered; it never reaches the process, where it would stop every stand-in.

export type Log = (line: string) => void;

/** Where failures go when a stand-in was given no log: stderr, never nowhere. */
export const logToStderr: Log = (line) => console.error(line);

export interface GuardOptions<Args extends unknown[]> {
  /** Names the listener in the log line, e.g. "S3: GET /raw/key" or "realtime message". */
  what: string | ((...args: Args) => string);
  log?: Log;
  /** Answers the one caller the failure belongs to (a 500, an error frame); itself guarded. */
  answer?: (error: unknown, ...args: Args) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The listener, sync or async, wrapped so that nothing it throws or rejects with escapes. */
export function guardListener<Args extends unknown[]>(
  listener: (...args: Args) => unknown,
  options: GuardOptions<Args>,
): (...args: Args) => void {
  const log = options.log ?? logToStderr;
  return (...args) => {
    const fail = (error: unknown) => {
      const what = typeof options.what === 'string' ? options.what : options.what(...args);
      log(`${what} failed: ${describe(error)}`);
      if (!options.answer) return;
      try {
        options.answer(error, ...args);
      } catch (answerError) {
        log(`${what}: answering the failure failed too: ${describe(answerError)}`);
      }
    };
    try {
      const outcome = listener(...args);
      if (isThenable(outcome)) outcome.then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };
}
