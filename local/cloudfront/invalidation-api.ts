import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decide, denialMessage } from '../iam';
import type { CredentialDirectory, LocalPrincipal } from '../iam';
import type { Log } from '../lib/guard';
import { BodyTooLargeError, readBody } from '../lib/http';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import { escapeXml, parseXml, XmlSyntaxError } from '../s3';
import type { XmlElement } from '../s3';
import { SignatureError, signedRequestOf, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import type { EdgeCache } from './edge-cache';

// CloudFront's API for invalidations (restXml, as @aws-sdk/client-cloudfront calls it):
// CreateInvalidation and GetInvalidation on the one distribution the local cloud runs, the
// playback distribution. An invalidation empties the matching entries of its cache at once, so
// it is Completed as soon as it is made (on AWS it is InProgress for a while first).

const NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const API_VERSION = '2020-05-31';
/** Paths of one batch without a wildcard (CloudFront Developer Guide, "Concurrent invalidation request maximum"). */
const MAX_PATHS_PER_BATCH = 3000;

class CloudFrontError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface InvalidationApiOptions {
  distributionId: string;
  cache: EdgeCache;
  /** The root key pair, or the local IAM's directory of principals (each held to its policies). */
  credentials: LocalCredentials | CredentialDirectory;
  /** The clock an invalidation's CreateTime is read from. */
  now?: () => number;
}

export interface LocalCloudFrontApi {
  /** For AWS_ENDPOINT_URL_CLOUDFRONT. */
  endpoint: string;
  close(): Promise<void>;
}

/** The API on 127.0.0.1, as CloudFront's global endpoint is reached on AWS. */
export async function startCloudFrontApi(
  options: InvalidationApiOptions & { port: number; log?: Log },
): Promise<LocalCloudFrontApi> {
  const server = createLocalServer(createInvalidationApiHandler(options), {
    service: 'CloudFront',
    log: options.log,
    answerInternalError,
  });
  await listen(server, options.port, '127.0.0.1', 'CloudFront');
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

interface Invalidation {
  id: string;
  createTime: string;
  callerReference: string;
  paths: string[];
}

export function createInvalidationApiHandler(options: InvalidationApiOptions) {
  const now = options.now ?? Date.now;
  const distributionArn = `arn:aws:cloudfront::${options.credentials.accountId}:distribution/${options.distributionId}`;
  const invalidations = new Map<string, Invalidation>();

  // IAM: cloudfront:<Action> on the distribution's ARN; denied: 403 AccessDenied with IAM's sentence.
  const authorize = (principal: LocalPrincipal, action: string): void => {
    const request = { action, resource: distributionArn };
    const decision = decide(principal, request);
    if (decision !== 'allow')
      throw new CloudFrontError('AccessDenied', 403, denialMessage(principal, decision, request));
  };

  const create = (body: string): { invalidation: Invalidation; created: boolean } => {
    const batch = readInvalidationBatch(body);
    const earlier = [...invalidations.values()].find((made) => made.callerReference === batch.callerReference);
    if (earlier) {
      // The same request again answers the invalidation it made; other paths under its reference are refused.
      if (earlier.paths.join('\n') === batch.paths.join('\n')) return { invalidation: earlier, created: false };
      throw new CloudFrontError(
        'InvalidationBatchAlreadyExists',
        409,
        `An invalidation with the caller reference ${batch.callerReference} already exists, with other paths.`,
      );
    }
    const invalidation: Invalidation = { id: newInvalidationId(), createTime: new Date(now()).toISOString(), ...batch };
    options.cache.invalidate(batch.paths);
    invalidations.set(invalidation.id, invalidation);
    return { invalidation, created: true };
  };

  const route = (principal: LocalPrincipal, method: string, pathname: string, body: string, res: ServerResponse) => {
    const [version, resource, distributionId, collection, invalidationId, ...rest] = pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (version !== API_VERSION || resource !== 'distribution' || collection !== 'invalidation' || rest.length > 0)
      throw new CloudFrontError('NotFound', 404, `The local CloudFront does not implement ${method} ${pathname}.`);
    if (distributionId !== options.distributionId)
      throw new CloudFrontError('NoSuchDistribution', 404, 'The specified distribution does not exist.');
    if (method === 'POST' && invalidationId === undefined) {
      authorize(principal, 'cloudfront:CreateInvalidation');
      const { invalidation } = create(body);
      const location = `${API_VERSION}/distribution/${options.distributionId}/invalidation/${invalidation.id}`;
      return sendXml(res, 201, invalidationXml(invalidation), {
        location: `https://cloudfront.amazonaws.com/${location}`,
      });
    }
    if (method === 'GET' && invalidationId !== undefined) {
      authorize(principal, 'cloudfront:GetInvalidation');
      const invalidation = invalidations.get(invalidationId);
      if (!invalidation)
        throw new CloudFrontError('NoSuchInvalidation', 404, 'The specified invalidation does not exist.');
      return sendXml(res, 200, invalidationXml(invalidation));
    }
    throw new CloudFrontError('NotFound', 404, `The local CloudFront does not implement ${method} ${pathname}.`);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = (await readBody(req, 1024 * 1024)).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      let principal: LocalPrincipal;
      try {
        // CloudFront is global: the SDK signs for us-east-1 on AWS and for the client's region
        // at an endpoint override, so only the service is held to.
        ({ principal } = await verifySigV4(signedRequestOf(req, url, body), options.credentials, {
          scope: { service: 'cloudfront' },
        }));
      } catch (error) {
        if (!(error instanceof SignatureError)) throw error;
        throw new CloudFrontError(error.code, 403, error.message);
      }
      route(principal, req.method ?? 'GET', url.pathname, body, res);
    } catch (error) {
      // Anything else is the guard's (local/lib/local-server.ts): logged, answered by answerInternalError.
      sendError(res, cloudFrontErrorOf(error));
    }
  };
}

function cloudFrontErrorOf(error: unknown): CloudFrontError {
  if (error instanceof CloudFrontError) return error;
  if (error instanceof BodyTooLargeError)
    return new CloudFrontError('BatchTooLarge', 413, 'Invalidation batch specified is too large.');
  if (error instanceof URIError)
    return new CloudFrontError('InvalidArgument', 400, 'The request path is not valid percent-encoding.');
  if (error instanceof XmlSyntaxError)
    return new CloudFrontError('MalformedInput', 400, `The request body is not valid XML: ${error.message}`);
  throw error;
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

/** The InvalidationBatch of a CreateInvalidation body, held to CloudFront's rules for paths. */
function readInvalidationBatch(body: string): { callerReference: string; paths: string[] } {
  if (body.trim() === '')
    throw new CloudFrontError(
      'MissingBody',
      400,
      'This operation requires a body. Ensure that the body is present and the Content-Type header is set.',
    );
  const root = parseXml(body);
  const callerReference = root.name === 'InvalidationBatch' ? child(root, 'CallerReference')?.text.trim() : undefined;
  const pathsElement = root.name === 'InvalidationBatch' ? child(root, 'Paths') : undefined;
  if (!callerReference || !pathsElement)
    throw new CloudFrontError('MalformedInput', 400, 'An InvalidationBatch needs a CallerReference and Paths.');
  const paths = (child(pathsElement, 'Items')?.children ?? [])
    .filter((item) => item.name === 'Path')
    .map((item) => item.text);
  const quantity = Number(child(pathsElement, 'Quantity')?.text);
  if (quantity !== paths.length)
    throw new CloudFrontError(
      'InconsistentQuantities',
      400,
      'The value of Quantity and the size of Items do not match.',
    );
  if (paths.length === 0 || paths.length > MAX_PATHS_PER_BATCH)
    throw new CloudFrontError('BatchTooLarge', 413, 'Invalidation batch specified is too large.');
  // A path starts with "/", and a "*" may only end it.
  const invalid = paths.find((path) => !path.startsWith('/') || path.slice(0, -1).includes('*'));
  if (invalid !== undefined)
    throw new CloudFrontError(
      'InvalidArgument',
      400,
      `Your request contains one or more invalid invalidation paths: ${invalid}`,
    );
  return { callerReference, paths };
}

function newInvalidationId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `I${[...randomBytes(13)].map((byte) => alphabet[byte % alphabet.length] ?? 'A').join('')}`;
}

function invalidationXml({ id, createTime, callerReference, paths }: Invalidation): string {
  const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  return (
    `<Invalidation xmlns="${NAMESPACE}"><Id>${id}</Id><Status>Completed</Status><CreateTime>${createTime}</CreateTime>` +
    `<InvalidationBatch><Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference></InvalidationBatch></Invalidation>`
  );
}

function sendXml(res: ServerResponse, status: number, document: string, headers: Record<string, string> = {}): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${document}`;
  res.writeHead(status, { ...headers, 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, fault: CloudFrontError): void {
  const type = fault.status >= 500 ? 'Receiver' : 'Sender';
  sendXml(
    res,
    fault.status,
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${fault.code}</Code>` +
      `<Message>${escapeXml(fault.message)}</Message></Error><RequestId>${randomBytes(16).toString('hex')}</RequestId></ErrorResponse>`,
  );
}

/** CloudFront's 500, for a request the handler failed on. */
export function answerInternalError(res: ServerResponse): void {
  sendError(res, new CloudFrontError('InternalError', 500, 'The local CloudFront failed; see its log.'));
}
