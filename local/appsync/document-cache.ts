/**
 * graphql-js keeps every token and node of a parsed document (with their locations), and its
 * validation errors point into them: measured at about 80 bytes of heap per character of query text.
 */
export const PARSED_BYTES_PER_CHARACTER = 80;

export interface DocumentCacheOptions {
  /** Estimated memory all cached documents may hold together. */
  maxBytes: number;
  /** A document estimated above this is not kept: one must not evict all the others. */
  maxEntryBytes: number;
}

/**
 * Parsed documents by query text, least recently used out first, bounded by the memory they are
 * estimated to hold rather than by their count: a few large documents weigh more than thousands
 * of the client's small ones.
 */
export class DocumentCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private totalBytes = 0;

  constructor(private readonly options: DocumentCacheOptions) {}

  /** Estimated bytes held now. */
  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(query: string): T | undefined {
    const entry = this.entries.get(query);
    if (!entry) return undefined;
    // A Map iterates in insertion order: re-inserting makes this the most recently used.
    this.entries.delete(query);
    this.entries.set(query, entry);
    return entry.value;
  }

  set(query: string, value: T): void {
    const bytes = query.length * PARSED_BYTES_PER_CHARACTER;
    this.delete(query);
    if (bytes > this.options.maxEntryBytes) return;
    for (const [oldest] of this.entries) {
      if (this.totalBytes + bytes <= this.options.maxBytes) break;
      this.delete(oldest);
    }
    this.entries.set(query, { value, bytes });
    this.totalBytes += bytes;
  }

  private delete(query: string): void {
    const entry = this.entries.get(query);
    if (!entry) return;
    this.entries.delete(query);
    this.totalBytes -= entry.bytes;
  }
}
