import { EMPTY_SHA256, hmacHex, sha256Hex, signaturesEqual } from './signing';

/**
 * The chunk signatures of an aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]): each
 * one signs its chunk's SHA-256 and the previous signature, starting from the request's own (the
 * seed); the trailer chunk is signed the same way over its canonical trailing headers.
 */
export class ChunkSigner {
  private previous: string;

  constructor(
    private readonly key: Buffer,
    private readonly amzDate: string,
    private readonly scope: string,
    seedSignature: string,
  ) {
    this.previous = seedSignature;
  }

  /** Checks one chunk's signature (given the SHA-256 of its data) and moves the chain on. */
  verifyChunk(dataSha256: string, provided: string): boolean {
    return this.next(
      ['AWS4-HMAC-SHA256-PAYLOAD', this.amzDate, this.scope, this.previous, EMPTY_SHA256, dataSha256],
      provided,
    );
  }

  /** Checks the trailer chunk's signature; `canonicalTrailers` is `name:value\n` per trailing header. */
  verifyTrailer(canonicalTrailers: string, provided: string): boolean {
    return this.next(
      ['AWS4-HMAC-SHA256-TRAILER', this.amzDate, this.scope, this.previous, sha256Hex(canonicalTrailers)],
      provided,
    );
  }

  private next(stringToSign: string[], provided: string): boolean {
    const expected = hmacHex(this.key, stringToSign.join('\n'));
    this.previous = expected;
    return signaturesEqual(expected, provided);
  }
}
