// A scripted socket and a hand-wound clock, to drive common/appsync-realtime without a network or
// real time.
import type { Clock } from '../../../../common/appsync-realtime';

export class FakeClock implements Clock {
  now = 0;
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time on, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [handle, timer] = due;
      this.timers.delete(handle);
      this.now = timer.at;
      timer.callback();
    }
    this.now = target;
  }

  /** The delays of the timers still pending, from now. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.now).sort((a, b) => a - b);
  }
}

export class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: any[] = [];
  terminated = false;
  closeCode?: number;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.instances.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closeCode = code;
    this.readyState = 3;
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  sentOfType(type: string): any[] {
    return this.sent.filter((message) => message.type === type);
  }

  // The server's side of the script.
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  push(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  /** The network failed: an error event (with ws's message), then close. */
  fail(message?: string): void {
    this.onerror?.(message === undefined ? {} : { message });
    this.drop();
  }

  /** The server closed the socket. */
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

/** Lets pending promise callbacks (the async authorizer) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
