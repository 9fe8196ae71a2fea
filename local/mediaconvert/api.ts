import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CancelJobResponse$,
  CreateJobRequest$,
  CreateJobResponse$,
  DescribeEndpointsResponse$,
  GetJobResponse$,
  ListJobsResponse$,
} from '@aws-sdk/client-mediaconvert';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { JsonCodec } from '@smithy/core/protocols';
import { BodyTooLargeError, readBody, sendJson } from '../lib/http';
import { SignatureError, signedRequestOf, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { decide, denialMessage } from '../iam';
import type { AuthorizationRequest, CredentialDirectory, LocalPrincipal } from '../iam';
import { ConflictError, NotFoundError } from './service';
import type { MediaConvertService } from './service';
import { SettingsError } from './validate-settings';

// MediaConvert's REST API (restJson1, as @aws-sdk/client-mediaconvert calls it): DescribeEndpoints,
// CreateJob, GetJob, ListJobs, CancelJob. Bodies are read and written with the SDK's own schemas
// and JSON codec, so member names, maps and timestamps are exactly what the SDK expects.

type Schema = Parameters<ReturnType<JsonCodec['createSerializer']>['write']>[0];

class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MediaConvertApiOptions {
  service: MediaConvertService;
  /** The root key pair, or the local IAM's directory of principals (each held to its policies). */
  credentials: LocalCredentials | CredentialDirectory;
  region: string;
  /** This server's URL, returned by DescribeEndpoints. */
  endpoint: () => string;
}

const codec = new JsonCodec({ timestampFormat: { useTrait: true, default: 7 /* epoch seconds */ }, jsonName: true });

function send(res: ServerResponse, status: number, schema: unknown, value: object): void {
  const serializer = codec.createSerializer();
  serializer.write(schema as Schema, value);
  const text = serializer.flush() || '{}';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string | null): number {
  if (!token) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new ApiError('BadRequestException', 400, 'The nextToken is not valid.');
}

export function createMediaConvertApiHandler(options: MediaConvertApiOptions) {
  const { service } = options;
  const arn = (resource: string) =>
    `arn:aws:mediaconvert:${options.region}:${options.credentials.accountId}:${resource}`;

  // IAM, before the request is acted on: each call's mediaconvert:<Action> on its resource, and
  // for CreateJob the role it hands MediaConvert (iam:PassRole, iam:PassedToService). Denied:
  // 403 AccessDeniedException with IAM's sentence.
  const authorize = (principal: LocalPrincipal, requests: AuthorizationRequest[]): void => {
    for (const request of requests) {
      const decision = decide(principal, request);
      if (decision !== 'allow')
        throw new ApiError('AccessDeniedException', 403, denialMessage(principal, decision, request));
    }
  };

  const route = async (
    principal: LocalPrincipal,
    method: string,
    url: URL,
    body: string,
    res: ServerResponse,
  ): Promise<void> => {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== '2017-08-29') throw new ApiError('NotFoundException', 404, `No such resource: ${url.pathname}`);
    const [, resource, id] = parts;
    if (resource === 'endpoints' && method === 'POST') {
      authorize(principal, [{ action: 'mediaconvert:DescribeEndpoints', resource: arn('endpoints/*') }]);
      return send(res, 200, DescribeEndpointsResponse$, { Endpoints: [{ Url: options.endpoint() }] });
    }
    if (resource !== 'jobs')
      throw new ApiError(
        'NotFoundException',
        404,
        `The local MediaConvert does not implement ${method} ${url.pathname}.`,
      );
    if (!id && method === 'POST') {
      const request = (await codec
        .createDeserializer()
        .read(CreateJobRequest$, new TextEncoder().encode(body || '{}'))) as CreateJobRequest;
      // The new job's id is not known yet: CreateJob is authorized on jobs/* and on the queue it joins.
      const queue = request.Queue
        ? request.Queue.startsWith('arn:')
          ? request.Queue
          : arn(`queues/${request.Queue}`)
        : arn('queues/Default');
      authorize(principal, [
        { action: 'mediaconvert:CreateJob', resource: arn('jobs/*') },
        { action: 'mediaconvert:CreateJob', resource: queue },
        {
          action: 'iam:PassRole',
          resource: String(request.Role ?? ''),
          context: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' },
        },
      ]);
      return send(res, 201, CreateJobResponse$, { Job: service.createJob(request) });
    }
    if (!id && method === 'GET') {
      authorize(principal, [{ action: 'mediaconvert:ListJobs', resource: arn('queues/*') }]);
      const maxResults = Number(url.searchParams.get('maxResults') ?? 20);
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 20)
        throw new ApiError('BadRequestException', 400, 'maxResults must be from 1 to 20.');
      const offset = decodeToken(url.searchParams.get('nextToken'));
      const jobs = service.listJobs({
        status: url.searchParams.get('status') ?? undefined,
        order: url.searchParams.get('order') ?? undefined,
      });
      const page = jobs.slice(offset, offset + maxResults);
      return send(res, 200, ListJobsResponse$, {
        Jobs: page,
        NextToken: offset + maxResults < jobs.length ? encodeToken(offset + maxResults) : undefined,
      });
    }
    if (id)
      authorize(principal, [
        {
          action: method === 'DELETE' ? 'mediaconvert:CancelJob' : 'mediaconvert:GetJob',
          resource: arn(`jobs/${decodeURIComponent(id)}`),
        },
      ]);
    if (id && method === 'GET') return send(res, 200, GetJobResponse$, { Job: service.getJob(decodeURIComponent(id)) });
    if (id && method === 'DELETE') {
      service.cancelJob(decodeURIComponent(id));
      return send(res, 202, CancelJobResponse$, {});
    }
    throw new ApiError('MethodNotAllowedException', 405, `${method} is not allowed on ${url.pathname}.`);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      let principal: LocalPrincipal;
      try {
        ({ principal } = await verifySigV4(signedRequestOf(req, url, body), options.credentials, {
          scope: { service: 'mediaconvert', region: options.region },
        }));
      } catch (error) {
        throw new ApiError(
          'ForbiddenException',
          403,
          error instanceof SignatureError ? error.message : 'The request signature is not valid.',
        );
      }
      await route(principal, req.method ?? 'GET', url, body, res);
    } catch (error) {
      // Anything else is the guard's (local/lib/local-server.ts): logged, answered by answerInternalError.
      sendApiError(res, apiErrorOf(error));
    }
  };
}

function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof BodyTooLargeError) return new ApiError('RequestEntityTooLarge', 413, error.message);
  if (error instanceof SettingsError) return new ApiError('BadRequestException', 400, error.message);
  if (error instanceof NotFoundError) return new ApiError('NotFoundException', 404, error.message);
  if (error instanceof ConflictError) return new ApiError('ConflictException', 409, error.message);
  if (error instanceof SyntaxError)
    return new ApiError('BadRequestException', 400, 'The request body is not valid JSON.');
  throw error;
}

function sendApiError(res: ServerResponse, fault: ApiError): void {
  // IAM's denials spell the member "Message" (as every REST-JSON service's AccessDeniedException does); MediaConvert's own errors "message".
  sendJson(
    res,
    fault.status,
    { [fault.type === 'AccessDeniedException' ? 'Message' : 'message']: fault.message },
    { 'x-amzn-errortype': fault.type },
  );
}

/** MediaConvert's 500, for a request the handler failed on. */
export function answerInternalError(res: ServerResponse): void {
  sendApiError(res, new ApiError('InternalServerErrorException', 500, 'The local MediaConvert failed; see its log.'));
}
