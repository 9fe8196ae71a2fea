import { partSizeOf } from './multipart-parts';
import type { SizedPartPlan } from './multipart-parts';

export interface PartsProgressSnapshot {
  /** Bytes of the file S3 holds or is receiving now: the bar. */
  loaded: number;
  total: number;
  /**
   * Bytes put on the wire since this run began, a retried part's lost bytes included: the speed.
   * Parts held from before a resume are in `loaded`, not here, so they do not read as a burst.
   */
  sent: number;
  partsDone: number;
  partCount: number;
}

/** One progress over all the parts of a multipart upload, whichever are in flight. */
export class PartsProgress {
  readonly #plan: SizedPartPlan;
  readonly #done = new Set<number>();
  readonly #inFlight = new Map<number, number>();
  #doneBytes = 0;
  #sent = 0;

  constructor(plan: SizedPartPlan, heldParts: Iterable<number>) {
    this.#plan = plan;
    for (const partNumber of heldParts) this.partDone(partNumber);
    this.#sent = 0;
  }

  /** `loaded` bytes of this try at the part are sent. */
  partProgress(partNumber: number, loaded: number): void {
    const before = this.#inFlight.get(partNumber) ?? 0;
    if (loaded <= before) return;
    this.#sent += loaded - before;
    this.#inFlight.set(partNumber, loaded);
  }

  /** The try failed: its bytes count no more towards the file (they did cross the wire). */
  partFailed(partNumber: number): void {
    this.#inFlight.delete(partNumber);
  }

  partDone(partNumber: number): void {
    if (this.#done.has(partNumber)) return;
    const size = partSizeOf(this.#plan, partNumber);
    this.partProgress(partNumber, size);
    this.#inFlight.delete(partNumber);
    this.#done.add(partNumber);
    this.#doneBytes += size;
  }

  snapshot(): PartsProgressSnapshot {
    let inFlight = 0;
    for (const loaded of this.#inFlight.values()) inFlight += loaded;
    return {
      loaded: this.#doneBytes + inFlight,
      total: this.#plan.size,
      sent: this.#sent,
      partsDone: this.#done.size,
      partCount: this.#plan.partCount,
    };
  }
}
