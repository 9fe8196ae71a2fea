import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessKeyPair, CredentialDirectory } from '../iam';
import type { VerifiedS3Request } from './signature';
import type { BucketDefinition } from './buckets';
import { malformedXml, S3Error } from './errors';
import type { MultipartUploads } from './multipart';
import type { Notifier } from './notifier';
import type { ObjectStore } from './store';
import { parseXml, XmlSyntaxError, xmlDocument } from './xml';
import type { XmlElement } from './xml';

/** What every operation of the local S3 shares. */
export interface S3Services {
  store: ObjectStore;
  multipart: MultipartUploads;
  notifier: Notifier;
  /** The access keys S3 knows: one key pair (root) or the local IAM's directory of principals. */
  credentials: AccessKeyPair | CredentialDirectory;
  region: string;
  /** The account that owns the buckets (KMS key ARNs name it). */
  accountId: string;
  maxObjectBytes: number;
  buckets: Map<string, BucketDefinition>;
  log: (line: string) => void;
}

/** One request, routed: its bucket and key, decoded query, effective headers and who signed it. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  services: S3Services;
  requestId: string;
  bucket: string;
  key: string;
  /** Query parameters, decoded. */
  query: Map<string, string>;
  /** Headers by lower-case name; for presigned URLs also the x-amz-* parameters the signer hoisted into the query. */
  headers: Record<string, string>;
  /** undefined: an anonymous request. */
  auth?: VerifiedS3Request;
  /** Call before reading the body: answers `Expect: 100-continue` once the request is known to be acceptable. */
  continueBody(): void;
}

export function sendXml(
  res: ServerResponse,
  root: string,
  inner: string,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const body = xmlDocument(root, inner);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Reads a small XML request body (Delete, CompleteMultipartUpload); bad XML is S3's MalformedXML. */
export async function readXmlBody(ctx: S3Context, limit: number): Promise<{ element: XmlElement; raw: Buffer }> {
  ctx.continueBody();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const payload = ctx.auth?.payload;
  if (payload?.type === 'streaming')
    throw new S3Error('InvalidRequest', 'The local S3 takes XML request bodies whole, not aws-chunked.', 400);
  if (payload?.type === 'sha256') {
    const computed = createHash('sha256').update(raw).digest('hex');
    if (computed !== payload.hash) {
      throw new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        {
          ClientComputedContentSHA256: payload.hash,
          S3ComputedContentSHA256: computed,
        },
      );
    }
  }
  try {
    return { element: parseXml(raw.toString('utf8')), raw };
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformedXml();
    throw error;
  }
}

/** The object's URL as the client addressed this server (path style). */
export function objectUrl(ctx: S3Context, key: string): string {
  return `http://${ctx.req.headers.host ?? '127.0.0.1'}/${ctx.bucket}/${encodeURIComponent(key)}`;
}
