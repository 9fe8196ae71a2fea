import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3SignatureError } from '../sigv4';
import { element } from './xml';

/** An S3 error: its code, message, HTTP status and the extra elements S3 puts in the body. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** Runs a SigV4 check, answering its refusal with S3's error document. */
export function checkSignature<T>(verify: () => T): T {
  try {
    return verify();
  } catch (error) {
    if (error instanceof S3SignatureError) throw new S3Error(error.code, error.message, error.status, error.details);
    throw error;
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) =>
  new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );
export const accessDenied = (message = 'Access Denied', details: Record<string, string> = {}) =>
  new S3Error('AccessDenied', message, 403, details);
export const malformedXml = () =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );
export const invalidArgument = (message: string, name: string, value: string) =>
  new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });
export const entityTooLarge = (proposed: number, max: number) =>
  new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
    ProposedSize: String(proposed),
    MaxSizeAllowed: String(max),
  });
export const contentSha256Mismatch = (clientComputed: string, computed: string) =>
  new S3Error(
    'XAmzContentSHA256Mismatch',
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    400,
    { ClientComputedContentSHA256: clientComputed, S3ComputedContentSHA256: computed },
  );
export const methodNotAllowed = (method: string, resourceType: 'OBJECT' | 'BUCKET' | 'SERVICE') =>
  new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
    Method: method,
    ResourceType: resourceType,
  });
export const notImplemented = (what: string) =>
  new S3Error(
    'NotImplemented',
    `A header or query you provided implies functionality that is not implemented (the local S3 does not support ${what}).`,
    501,
  );
export const internalError = () =>
  new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);

/** S3's error document; HEAD answers carry no body, as on S3. */
export function sendS3Error(res: ServerResponse, error: S3Error, method: string | undefined, requestId: string): void {
  const details = Object.entries(error.details)
    .map(([name, value]) => element(name, value))
    .join('');
  const body =
    method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', error.code)}${element('Message', error.message)}${details}${element('RequestId', requestId)}${element('HostId', requestId)}</Error>`;
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/xml');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** S3's 500 for a request the handler failed on, under the request id it was given if any. */
export function answerInternalError(res: ServerResponse, req: IncomingMessage): void {
  const requestId = res.getHeader('x-amz-request-id');
  sendS3Error(
    res,
    internalError(),
    req.method,
    typeof requestId === 'string' ? requestId : randomBytes(8).toString('hex').toUpperCase(),
  );
}
