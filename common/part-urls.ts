// Presigned UploadPart URLs for the parts of a multipart upload, for the web client and the demo
// CLI alike: what to sign, when, and when to sign again.

/** The API answered, but without a URL for this part: a retry would only ask the same again. */
export class PartNotSignedError extends Error {
  override name = 'PartNotSignedError';

  constructor(readonly partNumber: number) {
    super(`The service signed no upload link for part ${partNumber}; try again.`);
  }
}

export interface SignedPart {
  partNumber: number;
  url: string;
  /** The Content-Length the URL is signed for. */
  size: number;
  expiresAt: string;
}

export interface PartUrlsOptions {
  /** Signs URLs for these parts (the API takes at most 100 at once: see batchSize). */
  sign: (partNumbers: number[]) => Promise<SignedPart[]>;
  /** Parts waiting their turn, next first: signed along with the one asked for. */
  upcoming: () => readonly number[];
  now?: () => number;
  /** Parts signed in one call. */
  batchSize?: number;
  /** A URL this close to its expiry is signed again rather than risked on a part. */
  marginMs?: number;
}

/**
 * Presigned part URLs, signed in batches ahead of need (one API call per batch, not per part) and
 * again when a URL nears its expiry (15 minutes: a slow link can outlast a batch) or S3 says it passed.
 */
export class PartUrls {
  readonly #options: Required<PartUrlsOptions>;
  readonly #urls = new Map<number, Promise<SignedPart>>();
  readonly #signed = new Map<number, SignedPart>();

  constructor(options: PartUrlsOptions) {
    this.#options = { now: Date.now, batchSize: 20, marginMs: 60_000, ...options };
  }

  async urlFor(partNumber: number): Promise<SignedPart> {
    if (!this.#usable(partNumber)) this.#signBatch(partNumber);
    return this.#urls.get(partNumber)!;
  }

  /** S3 said this part's URL expired: the next call signs it again. */
  forget(partNumber: number): void {
    this.#urls.delete(partNumber);
    this.#signed.delete(partNumber);
  }

  /** Being signed, or signed and not near its expiry. */
  #usable(partNumber: number): boolean {
    if (!this.#urls.has(partNumber)) return false;
    const signed = this.#signed.get(partNumber);
    if (!signed) return true;
    const fresh = Date.parse(signed.expiresAt) - this.#options.now() > this.#options.marginMs;
    if (!fresh) this.forget(partNumber);
    return fresh;
  }

  #signBatch(partNumber: number): void {
    const { batchSize, sign, upcoming } = this.#options;
    const others = upcoming().filter((number) => number !== partNumber && !this.#usable(number));
    const batch = [partNumber, ...others].slice(0, batchSize);
    const signing = sign(batch);
    for (const number of batch) {
      const url = signing.then((signed) => {
        const found = signed.find((part) => part.partNumber === number);
        if (!found) throw new PartNotSignedError(number);
        this.#signed.set(number, found);
        return found;
      });
      // A failed signing is forgotten, so the part's retry signs again; the part that asked hears why.
      url.catch(() => {
        if (this.#urls.get(number) === url) this.forget(number);
      });
      this.#urls.set(number, url);
    }
  }
}
