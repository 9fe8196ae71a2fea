import { isDeepStrictEqual } from 'node:util';

// The real-time bench's book of deliveries: which sockets each published event must reach, when
// each copy arrived, and whether every one arrived exactly once, unaltered, and nowhere else.

interface PublishRecord {
  event: { id: string };
  audience: ReadonlySet<number>;
  sentAt?: number;
  /** Arrival times by socket: more than one is a duplicate. */
  arrivals: Map<number, number[]>;
  onComplete?: () => void;
}

export class DeliveryLedger {
  private readonly publishes = new Map<string, PublishRecord>();
  private readonly problems: string[] = [];
  private recorded = 0;

  /** Opens a publish: each socket of `audience` must receive `event` once, and no other socket any copy. */
  expect(event: { id: string }, audience: readonly number[]): void {
    if (this.publishes.has(event.id)) throw new Error(`event ${event.id} published twice by the bench`);
    this.publishes.set(event.id, { event, audience: new Set(audience), arrivals: new Map() });
  }

  /** The publish's start, just before its request is signed and sent. */
  sent(id: string, at: number): void {
    this.get(id).sentAt = at;
  }

  /** One data message on one socket, with the time it arrived. */
  record(socket: number, event: unknown, at: number): void {
    this.recorded += 1;
    const id = (event as { id?: unknown } | null)?.id;
    const publish = typeof id === 'string' ? this.publishes.get(id) : undefined;
    if (!publish) {
      this.problems.push(`socket ${socket} got an event nobody published: ${JSON.stringify(event)}`);
      return;
    }
    if (!isDeepStrictEqual(event, publish.event))
      this.problems.push(
        `socket ${socket} got ${JSON.stringify(event)} for the published ${JSON.stringify(publish.event)}`,
      );
    const times = publish.arrivals.get(socket) ?? [];
    times.push(at);
    publish.arrivals.set(socket, times);
    if (this.missing(publish).length === 0) publish.onComplete?.();
  }

  /** Resolves once every socket of the audience has the event; fails after `timeoutMs`, naming the missing. */
  delivered(id: string, timeoutMs: number): Promise<void> {
    const publish = this.get(id);
    if (this.missing(publish).length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = this.missing(publish);
        reject(
          new Error(
            `event ${id}: ${missing.length} of ${publish.audience.size} sockets still without it after ${timeoutMs} ms (sockets ${missing.slice(0, 20).join(', ')})`,
          ),
        );
      }, timeoutMs);
      publish.onComplete = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** From the publish's start to its last socket's first copy, in ms. */
  latency(id: string): number {
    const publish = this.get(id);
    if (publish.sentAt === undefined) throw new Error(`event ${id} was never sent`);
    const firsts = [...publish.arrivals.values()].map((times) => times[0] as number);
    return Math.max(...firsts) - publish.sentAt;
  }

  /** Throws, listing every missing, duplicated, misrouted, altered or unknown delivery; else the count checked. */
  verify(): number {
    const problems = [...this.problems];
    for (const [id, publish] of this.publishes) {
      for (const socket of this.missing(publish)) problems.push(`event ${id}: socket ${socket} never got it`);
      for (const [socket, times] of publish.arrivals) {
        if (!publish.audience.has(socket)) problems.push(`event ${id}: socket ${socket} is not its user's but got it`);
        else if (times.length > 1) problems.push(`event ${id}: socket ${socket} got it ${times.length} times`);
      }
    }
    if (problems.length > 0)
      throw new Error(
        `${problems.length} delivery faults (each event must reach its user's sockets exactly once, and no other):\n  ${problems.slice(0, 30).join('\n  ')}`,
      );
    return this.recorded;
  }

  private missing(publish: PublishRecord): number[] {
    return [...publish.audience].filter((socket) => !publish.arrivals.has(socket));
  }

  private get(id: string): PublishRecord {
    const publish = this.publishes.get(id);
    if (!publish) throw new Error(`event ${id} was never expected`);
    return publish;
  }
}
