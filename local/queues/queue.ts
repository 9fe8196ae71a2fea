import { createHash, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export interface QueueSettings {
  name: string;
  visibilityTimeoutSeconds: number;
  messageRetentionSeconds: number;
  /** Redrive: after this many receives a message moves to `deadLetterQueue`. */
  maxReceiveCount?: number;
  deadLetterQueue?: string;
}

export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, string>;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    SenderId: string;
    ApproximateFirstReceiveTimestamp: string;
  };
  messageAttributes: Record<string, string>;
}

type JournalEntry =
  | { op: 'send'; message: StoredMessage }
  | {
      op: 'receive';
      messageId: string;
      receiptHandle: string;
      receiveCount: number;
      visibleAt: number;
      firstReceiveTimestamp: number;
    }
  | { op: 'visibility'; messageId: string; visibleAt: number }
  | { op: 'delete'; messageId: string };

/**
 * One SQS queue, durable: every change is appended to a journal and fsync'ed before it is
 * acknowledged, and the journal is replayed (then compacted) on start. Kill the process at any
 * point: nothing sent is lost, nothing deleted comes back, and a message that was in flight
 * becomes visible again when its visibility timeout has passed, as on SQS.
 */
export class DurableQueue {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly journal: string;

  constructor(
    readonly settings: QueueSettings,
    dataDir: string,
    /** Epoch ms for visibility and retention; tests move it instead of waiting. Default Date.now. */
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.journal = path.join(dataDir, `${settings.name}.jsonl`);
    this.replay();
    this.compact();
  }

  send(body: string, attributes: Record<string, string> = {}, now = this.now()): StoredMessage {
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      attributes,
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now,
    };
    this.append({ op: 'send', message });
    this.messages.set(message.messageId, message);
    return message;
  }

  /** Adds a message as it is, keeping its id and counts (a redrive from another queue). */
  adopt(message: StoredMessage, now = this.now()): void {
    const moved = { ...message, visibleAt: now, receiptHandle: undefined };
    this.append({ op: 'send', message: moved });
    this.messages.set(moved.messageId, moved);
  }

  /**
   * Up to `max` visible messages, each made invisible for the visibility timeout. Messages over
   * maxReceiveCount are handed to `redrive` instead of being delivered.
   */
  receive(max: number, redrive: (message: StoredMessage) => void, now = this.now()): ReceivedMessage[] {
    const received: ReceivedMessage[] = [];
    for (const message of this.messages.values()) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      if (now - message.sentTimestamp > this.settings.messageRetentionSeconds * 1000) {
        this.delete(message.messageId);
        continue;
      }
      if (this.settings.maxReceiveCount !== undefined && message.receiveCount >= this.settings.maxReceiveCount) {
        this.delete(message.messageId);
        redrive(message);
        continue;
      }
      const receiptHandle = `${message.messageId}:${randomUUID()}`;
      const receiveCount = message.receiveCount + 1;
      const visibleAt = now + this.settings.visibilityTimeoutSeconds * 1000;
      const firstReceiveTimestamp = message.firstReceiveTimestamp ?? now;
      this.append({
        op: 'receive',
        messageId: message.messageId,
        receiptHandle,
        receiveCount,
        visibleAt,
        firstReceiveTimestamp,
      });
      Object.assign(message, { receiptHandle, receiveCount, visibleAt, firstReceiveTimestamp });
      received.push({
        messageId: message.messageId,
        receiptHandle,
        body: message.body,
        md5OfBody: message.md5OfBody,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(message.sentTimestamp),
          SenderId: 'AIDALOCALSENDER',
          ApproximateFirstReceiveTimestamp: String(firstReceiveTimestamp),
        },
        messageAttributes: message.attributes,
      });
    }
    return received;
  }

  /** The message a receipt handle ("<messageId>:<uuid>") names, while it is that message's latest handle. */
  private heldBy(receiptHandle: string): StoredMessage | undefined {
    // split yields at least one piece: the message id, or the whole (foreign) handle.
    const message = this.messages.get(receiptHandle.split(':')[0]!);
    return message?.receiptHandle === receiptHandle ? message : undefined;
  }

  /** Deletes by receipt handle; a handle from an earlier delivery no longer deletes (SQS's rule). */
  deleteByReceipt(receiptHandle: string): boolean {
    const message = this.heldBy(receiptHandle);
    if (!message) return false;
    return this.delete(message.messageId);
  }

  changeVisibility(receiptHandle: string, timeoutSeconds: number, now = this.now()): boolean {
    const message = this.heldBy(receiptHandle);
    if (!message) return false;
    message.visibleAt = now + timeoutSeconds * 1000;
    this.append({ op: 'visibility', messageId: message.messageId, visibleAt: message.visibleAt });
    return true;
  }

  counts(now = this.now()): { visible: number; inFlight: number } {
    let visible = 0;
    for (const message of this.messages.values()) if (message.visibleAt <= now) visible += 1;
    return { visible, inFlight: this.messages.size - visible };
  }

  /** Removes every message (PurgeQueue). */
  purge(): void {
    for (const messageId of [...this.messages.keys()]) this.delete(messageId);
  }

  /** When the next invisible message becomes visible (for pollers), or undefined. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const message of this.messages.values())
      if (next === undefined || message.visibleAt < next) next = message.visibleAt;
    return next;
  }

  private delete(messageId: string): boolean {
    if (!this.messages.has(messageId)) return false;
    this.append({ op: 'delete', messageId });
    this.messages.delete(messageId);
    return true;
  }

  private append(entry: JournalEntry): void {
    const fd = openSync(this.journal, 'a');
    try {
      appendFileSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private replay(): void {
    if (!existsSync(this.journal)) return;
    for (const line of readFileSync(this.journal, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line torn by a crash mid-write: its change was never acknowledged
      }
      if (entry.op === 'send') this.messages.set(entry.message.messageId, entry.message);
      else if (entry.op === 'delete') this.messages.delete(entry.messageId);
      else {
        const message = this.messages.get(entry.messageId);
        if (message)
          Object.assign(
            message,
            entry.op === 'receive'
              ? {
                  receiptHandle: entry.receiptHandle,
                  receiveCount: entry.receiveCount,
                  visibleAt: entry.visibleAt,
                  firstReceiveTimestamp: entry.firstReceiveTimestamp,
                }
              : { visibleAt: entry.visibleAt },
          );
      }
    }
  }

  private compact(): void {
    const temp = `${this.journal}.tmp`;
    writeFileSync(
      temp,
      [...this.messages.values()].map((message) => `${JSON.stringify({ op: 'send', message })}\n`).join(''),
    );
    renameSync(temp, this.journal);
  }
}
