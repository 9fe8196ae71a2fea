import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { S3_SIGNATURE_MISMATCH } from '../sigv4';
import type { ChunkSigner } from '../sigv4';
import { S3Error } from './errors';

export interface AwsChunkedOptions {
  /** Signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD*): every chunk signature is checked. */
  signer?: ChunkSigner;
  /** A trailer section follows the last chunk (the *-TRAILER modes). */
  trailer: boolean;
}

/** S3's smallest chunk in a signed stream, except the last data chunk. */
export const MIN_SIGNED_CHUNK_BYTES = 8192;
const MAX_LINE_BYTES = 4096;

type State = 'size-line' | 'data' | 'data-end' | 'trailer-line' | 'done';

const malformed = (why: string) => new S3Error('InvalidRequest', `The aws-chunked body is malformed: ${why}.`, 400);
const signatureMismatch = () => new S3Error('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403);

/**
 * Decodes an aws-chunked body (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` ... `0...\r\n`,
 * then trailing headers and an empty line), passing the data on as it arrives. In signed mode each
 * chunk's signature is checked against the chain when its data ends, and the trailer's signature
 * over the trailing headers; nothing is buffered beyond one framing line.
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailing headers by lower-case name (without x-amz-trailer-signature). */
  readonly trailers = new Map<string, string>();
  decodedBytes = 0;

  private state: State = 'size-line';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private chunkSignature: string | undefined;
  private chunkHash: Hash | undefined;
  private chunkSize = 0;
  private chunkIndex = 0;
  private previousDataChunk = -1;
  private pendingCrLf = 0;
  private trailerSignature: string | undefined;

  constructor(private readonly options: AwsChunkedOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state === 'trailer-line' && this.lineLength > 0) {
      // Some writers end the trailer section without its final empty line; the last line is whole.
      try {
        this.endTrailerLine(Buffer.concat(this.line).toString('latin1'));
        if (this.state === 'trailer-line') this.finishTrailers();
      } catch (error) {
        return callback(error as Error);
      }
    } else if (this.state === 'trailer-line') {
      try {
        this.finishTrailers();
      } catch (error) {
        return callback(error as Error);
      }
    }
    if (this.state !== 'done')
      return callback(new S3Error('IncompleteBody', 'The request body terminated unexpectedly', 400));
    callback();
  }

  private consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      switch (this.state) {
        case 'size-line':
        case 'trailer-line': {
          const end = this.readLine(chunk, offset);
          if (end < 0) return;
          offset = end;
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - offset);
          const data = chunk.subarray(offset, offset + take);
          this.chunkHash?.update(data);
          this.decodedBytes += take;
          this.remaining -= take;
          offset += take;
          this.push(data);
          if (this.remaining === 0) {
            this.state = 'data-end';
            this.pendingCrLf = 0;
          }
          break;
        }
        case 'data-end': {
          const expected = this.pendingCrLf === 0 ? 0x0d : 0x0a;
          if (chunk[offset] !== expected) throw malformed('a chunk is longer than its size');
          offset += 1;
          this.pendingCrLf += 1;
          if (this.pendingCrLf === 2) {
            this.endChunk();
            this.state = 'size-line';
          }
          break;
        }
        case 'done':
          // Whatever follows the final empty line is not part of the object.
          return;
      }
    }
  }

  /** Collects one CRLF-terminated line; returns the offset after it, or -1 if it continues. */
  private readLine(chunk: Buffer, offset: number): number {
    const lf = chunk.indexOf(0x0a, offset);
    const piece = chunk.subarray(offset, lf < 0 ? chunk.length : lf + 1);
    this.lineLength += piece.length;
    if (this.lineLength > MAX_LINE_BYTES) throw malformed('a chunk header or trailer line is too long');
    this.line.push(piece);
    if (lf < 0) return -1;
    const raw = Buffer.concat(this.line);
    this.line = [];
    this.lineLength = 0;
    if (raw.length < 2 || raw[raw.length - 2] !== 0x0d) throw malformed('lines must end with CRLF');
    const text = raw.subarray(0, raw.length - 2).toString('latin1');
    if (this.state === 'size-line') this.startChunk(text);
    else this.endTrailerLine(text);
    return lf + 1;
  }

  private startChunk(line: string): void {
    const [sizeText = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText.trim())) throw malformed(`"${line.slice(0, 80)}" is not a chunk size`);
    this.chunkSize = parseInt(sizeText.trim(), 16);
    this.chunkSignature = undefined;
    for (const extension of extensions) {
      const eq = extension.indexOf('=');
      if (eq > 0 && extension.slice(0, eq).trim() === 'chunk-signature')
        this.chunkSignature = extension.slice(eq + 1).trim();
    }
    if (this.options.signer) {
      if (!this.chunkSignature) throw signatureMismatch();
      if (this.chunkSize > 0 && this.previousDataChunk >= 0 && this.previousDataChunk < MIN_SIGNED_CHUNK_BYTES) {
        throw new S3Error(
          'InvalidChunkSizeError',
          'Only the last chunk is allowed to have a size less than 8192 bytes',
          403,
          {
            Chunk: String(this.chunkIndex),
            BadChunkSize: String(this.previousDataChunk),
          },
        );
      }
      this.chunkHash = createHash('sha256');
    }
    this.chunkIndex += 1;
    if (this.chunkSize === 0) {
      this.endChunk();
      this.state = 'trailer-line';
      return;
    }
    this.previousDataChunk = this.chunkSize;
    this.remaining = this.chunkSize;
    this.state = 'data';
  }

  private endChunk(): void {
    const { signer } = this.options;
    if (signer && !signer.verifyChunk(this.chunkHash!.digest('hex'), this.chunkSignature!)) throw signatureMismatch();
  }

  private endTrailerLine(line: string): void {
    if (line === '') {
      this.finishTrailers();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new S3Error(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
        400,
      );
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSignature = value;
    else this.trailers.set(name, value);
  }

  private finishTrailers(): void {
    if (!this.options.trailer && this.trailers.size > 0) {
      throw new S3Error(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
        400,
      );
    }
    const { signer } = this.options;
    if (signer && this.options.trailer) {
      const canonical = [...this.trailers].map(([name, value]) => `${name}:${value}\n`).join('');
      if (!this.trailerSignature || !signer.verifyTrailer(canonical, this.trailerSignature)) throw signatureMismatch();
    }
    this.state = 'done';
  }
}
