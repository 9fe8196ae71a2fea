import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { S3Context } from './context';
import { contentSha256Mismatch, malformedXml, S3Error } from './errors';
import { parseXml, XmlSyntaxError, xmlDocument } from './xml';
import type { XmlElement } from './xml';

// The XML documents of the S3 API on the wire: answers sent whole, small request bodies read whole.

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
      throw contentSha256Mismatch(payload.hash, computed);
    }
  }
  try {
    return { element: parseXml(raw.toString('utf8')), raw };
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformedXml();
    throw error;
  }
}
