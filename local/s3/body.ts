import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChunkSigner, S3Payload } from '../sigv4';
import { AwsChunkedDecoder } from './aws-chunked';
import {
  algorithmOfHeader,
  CHECKSUM_ALGORITHMS,
  checksumHeaderName,
  createChecksum,
  isValidChecksumValue,
  parseChecksumAlgorithm,
} from './checksums';
import type { Checksum, ChecksumAlgorithm, StreamingChecksum } from './checksums';
import { contentSha256Mismatch, entityTooLarge, S3Error } from './errors';
import { openWriteStream } from './store';

export interface ReceiveOptions {
  maxBytes: number;
  /** How the signature binds the body (undefined: not signed at all). */
  payload?: S3Payload;
  chunkSigner?: ChunkSigner;
  /** The request's headers by lower-case name (presigned requests: with their hoisted x-amz-* query parameters). */
  headers: Record<string, string>;
}

export interface ReceivedBody {
  size: number;
  /** MD5 of the content, hex: the object's ETag. */
  md5: string;
  /** The flexible checksum the client sent (header or trailer), verified. */
  checksum?: Checksum;
}

const invalidRequest = (message: string) => new S3Error('InvalidRequest', message, 400);
const incompleteBody = () =>
  new S3Error(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header',
    400,
  );
const missingLength = () =>
  new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);

interface ExpectedChecksum {
  algorithm: ChecksumAlgorithm;
  /** The value from a header; for a trailer it arrives after the body. */
  value?: string;
  trailer?: string;
}

/** The checksum the request announces, checked for shape as S3 does before reading the body. */
export function expectedChecksum(headers: Record<string, string>): ExpectedChecksum | undefined {
  const sent = CHECKSUM_ALGORITHMS.flatMap((algorithm) => {
    const value = headers[checksumHeaderName(algorithm)];
    return value === undefined ? [] : [{ algorithm, value }];
  });
  const [fromHeader] = sent;
  if (sent.length > 1)
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const trailerName = headers['x-amz-trailer']?.trim().toLowerCase();
  const sdkAlgorithm = headers['x-amz-sdk-checksum-algorithm'];
  let expected: ExpectedChecksum | undefined;
  if (fromHeader) {
    if (!isValidChecksumValue(fromHeader.algorithm, fromHeader.value))
      throw invalidRequest(`Value for ${checksumHeaderName(fromHeader.algorithm)} header is invalid.`);
    expected = fromHeader;
  }
  if (trailerName) {
    const algorithm = algorithmOfHeader(trailerName);
    if (!algorithm) throw invalidRequest('The value specified in the x-amz-trailer header is not supported');
    if (expected)
      throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    expected = { algorithm, trailer: trailerName };
  }
  if (sdkAlgorithm !== undefined) {
    const algorithm = parseChecksumAlgorithm(sdkAlgorithm);
    if (!algorithm) throw invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
    if (!expected)
      throw invalidRequest(
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
      );
    if (expected.algorithm !== algorithm)
      throw invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
  }
  return expected;
}

/** The declared size of the content, before any of it is read. */
export function declaredContentLength(headers: Record<string, string>, chunked: boolean): number {
  const text = chunked ? headers['x-amz-decoded-content-length'] : headers['content-length'];
  if (text === undefined) throw missingLength();
  if (!/^\d+$/.test(text))
    throw invalidRequest(`The ${chunked ? 'x-amz-decoded-content-length' : 'Content-Length'} header is not a number.`);
  return Number(text);
}

export function isAwsChunked(payload: S3Payload | undefined, headers: Record<string, string>): boolean {
  return (
    payload?.type === 'streaming' ||
    (headers['content-encoding'] ?? '').split(',').some((coding) => coding.trim().toLowerCase() === 'aws-chunked')
  );
}

/** Counts, hashes and limits the content on its way to disk. */
class Meter extends Transform {
  size = 0;
  readonly md5 = createHash('md5');

  constructor(
    private readonly limit: number,
    private readonly declared: number,
    private readonly sha256: Hash | undefined,
    private readonly checksum: StreamingChecksum | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) return callback(entityTooLarge(this.size, this.limit));
    if (this.size > this.declared) return callback(incompleteBody());
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams a request body to `file` (never whole in memory), decoding aws-chunked bodies, and
 * checks it as S3 does: the signed SHA-256 or chunk signatures, Content-MD5, the flexible
 * checksum from a header or trailer, the declared length, and the size limit.
 */
export async function receiveBody(req: IncomingMessage, file: string, options: ReceiveOptions): Promise<ReceivedBody> {
  const { headers, payload } = options;
  const chunked = isAwsChunked(payload, headers);
  const declared = declaredContentLength(headers, chunked);
  if (declared > options.maxBytes) throw entityTooLarge(declared, options.maxBytes);
  const expected = expectedChecksum(headers);
  const contentMd5 = headers['content-md5'];
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16)
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400);

  const sha256 = payload?.type === 'sha256' ? createHash('sha256') : undefined;
  const checksum = expected ? createChecksum(expected.algorithm) : undefined;
  const meter = new Meter(options.maxBytes, declared, sha256, checksum);
  const decoder = chunked
    ? new AwsChunkedDecoder({
        signer: options.chunkSigner,
        trailer: payload?.type === 'streaming' ? payload.trailer : expected?.trailer !== undefined,
      })
    : undefined;
  // Read through an iterator that leaves the request alone on failure: the socket must survive
  // to carry S3's error answer back.
  const source = req.iterator({ destroyOnReturn: false });
  try {
    if (decoder) await pipeline(source, decoder, meter, openWriteStream(file));
    else await pipeline(source, meter, openWriteStream(file));
  } catch (error) {
    if (error instanceof S3Error) throw error;
    // The client went away or the stream broke mid-body.
    throw incompleteBody();
  }
  if (meter.size !== declared) throw incompleteBody();
  if (sha256 && payload?.type === 'sha256') {
    const computed = sha256.digest('hex');
    if (computed !== payload.hash) {
      throw contentSha256Mismatch(payload.hash, computed);
    }
  }
  const md5 = meter.md5.digest();
  if (contentMd5 !== undefined && !md5.equals(Buffer.from(contentMd5, 'base64'))) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
      ExpectedDigest: contentMd5,
      CalculatedDigest: md5.toString('base64'),
    });
  }
  let verified: Checksum | undefined;
  if (expected && checksum) {
    let value = expected.value;
    if (expected.trailer) {
      value = decoder?.trailers.get(expected.trailer);
      if (value === undefined)
        throw new S3Error(
          'MalformedTrailerError',
          'The request contained trailing data that was not well-formed or did not conform to our published schema.',
          400,
        );
      if (!isValidChecksumValue(expected.algorithm, value))
        throw invalidRequest(`Value for ${expected.trailer} trailing header is invalid.`);
    }
    if (checksum.digest() !== value)
      throw new S3Error(
        'BadDigest',
        `The ${expected.algorithm} you specified did not match the calculated checksum.`,
        400,
      );
    verified = { algorithm: expected.algorithm, value };
  }
  return { size: meter.size, md5: md5.toString('hex'), checksum: verified };
}
