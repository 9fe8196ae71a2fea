import { request as httpRequest } from 'node:http';
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, stripQuery } from '../lib/http';
import { decide, denialMessage } from '../iam';
import type { AuthorizationRequest, CredentialDirectory, LocalPrincipal } from '../iam';
import { SignatureError, verifySigV4 } from '../sigv4/verify';

// DynamoDB's front door: dynalite speaks the API but checks no signature and no permission. This
// verifies SigV4 against the local principals, asks IAM for the operation's action(s) on the
// table (or index) ARN, and only then hands the request to dynalite, unchanged.

export interface IamGatewayOptions {
  credentials: CredentialDirectory;
  region: string;
  /** dynalite's own address, e.g. http://127.0.0.1:<port>. */
  target: string;
  /** The connections to dynalite (closed with the gateway). */
  agent: Agent;
}

/** What authorization reads of a DynamoDB JSON request (the client's JSON: dynalite validates it). */
interface Body {
  TableName?: string;
  IndexName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Array<Record<string, { TableName?: string }>>;
}

/** DynamoDB's largest request (BatchWriteItem) is 16 MB. */
const MAX_BODY = 16 * 1024 * 1024 + 64 * 1024;
const TRANSACT_ACTIONS: Record<string, string> = {
  Get: 'dynamodb:GetItem',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** The IAM action(s) and resource ARN(s) one DynamoDB operation is authorized as. */
export function dynamoDbPermissions(
  operation: string,
  body: Body,
  options: { region: string; accountId: string },
): AuthorizationRequest[] {
  const tableArn = (name: unknown) =>
    String(name).startsWith('arn:')
      ? String(name)
      : `arn:aws:dynamodb:${options.region}:${options.accountId}:table/${String(name)}`;
  const action = `dynamodb:${operation}`;
  if (operation === 'ListTables') return [{ action, resource: '*' }];
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys(body.RequestItems ?? {}).map((table) => ({ action, resource: tableArn(table) }));
  }
  if (operation === 'TransactGetItems' || operation === 'TransactWriteItems') {
    return (body.TransactItems ?? []).flatMap((item) =>
      Object.entries(item).map(([kind, request]) => ({
        action: TRANSACT_ACTIONS[kind] ?? action,
        resource: tableArn(request.TableName),
      })),
    );
  }
  if (body.TableName === undefined) return [{ action, resource: '*' }];
  const table = tableArn(body.TableName);
  // Query and Scan on an index are authorized on the index's ARN.
  return [{ action, resource: body.IndexName === undefined ? table : `${table}/index/${body.IndexName}` }];
}

function sendDynamoDbError(
  res: ServerResponse,
  type: string,
  message: string,
  { messageKey = 'message', status = 400 }: { messageKey?: 'message' | 'Message'; status?: number } = {},
): void {
  sendJson(
    res,
    status,
    { __type: `com.amazon.coral.service#${type}`, [messageKey]: message },
    { 'content-type': 'application/x-amz-json-1.0' },
  );
}

/** DynamoDB's 500, for a request the gateway failed on. */
export function answerInternalServerError(res: ServerResponse): void {
  sendJson(
    res,
    500,
    { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
    { 'content-type': 'application/x-amz-json-1.0' },
  );
}

function forward(options: IamGatewayOptions, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const upstream = httpRequest(
    `${options.target}${req.url ?? '/'}`,
    { method: req.method, headers: req.headers, agent: options.agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) answerInternalServerError(res);
    else res.destroy();
  });
  upstream.end(body);
}

export function createIamGateway(options: IamGatewayOptions) {
  const scope = { region: options.region, accountId: options.credentials.accountId };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY);
    } catch (error) {
      // 413, as DynamoDB answers (dynalite, written against the live service, does the same).
      if (error instanceof BodyTooLargeError)
        return sendDynamoDbError(res, 'RequestEntityTooLarge', 'Request must be smaller than 16 MB.', { status: 413 });
      throw error;
    }
    let principal: LocalPrincipal;
    try {
      ({ principal } = await verifySigV4(
        {
          method: req.method ?? 'POST',
          host: String(req.headers.host ?? ''),
          path: stripQuery(req.url ?? '/'),
          headers: req.headers,
          body: body.toString('utf8'),
        },
        options.credentials,
        { scope: { service: 'dynamodb', region: options.region } },
      ));
    } catch (error) {
      if (error instanceof SignatureError) return sendDynamoDbError(res, error.code, error.message);
      throw error;
    }
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
    let parsed: Body = {};
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}') as Body;
    } catch {
      // dynalite answers a body that is not JSON.
    }
    for (const request of dynamoDbPermissions(operation, parsed, scope)) {
      const decision = decide(principal, request);
      // IAM's denial: 400 AccessDeniedException, its sentence in "Message".
      if (decision !== 'allow')
        return sendDynamoDbError(res, 'AccessDeniedException', denialMessage(principal, decision, request), {
          messageKey: 'Message',
        });
    }
    forward(options, req, body, res);
  };
}
