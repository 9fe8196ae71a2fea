import { request as httpRequest } from 'node:http';
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, stripQuery } from '../lib/http';
import { decide, denialMessage } from '../iam';
import type { AuthorizationRequest, CredentialDirectory, LocalPrincipal } from '../iam';
import { SignatureError, verifySigV4 } from '../sigv4/verify';
import { itemLeadingKeys, LEADING_KEYS, queryLeadingKeys } from './leading-keys';
import type { PartitionKeys, QueryBody } from './leading-keys';

// DynamoDB's front door: dynalite speaks the API but checks no signature and no permission. This
// verifies SigV4 against the local principals, asks IAM for the operation's action(s) on the
// table (or index) ARN, with the partition keys it touches as dynamodb:LeadingKeys, and only then
// hands the request to dynalite, unchanged.

export interface IamGatewayOptions {
  credentials: CredentialDirectory;
  region: string;
  /** dynalite's own address, e.g. http://127.0.0.1:<port>. */
  target: string;
  /** The connections to dynalite (closed with the gateway). */
  agent: Agent;
  /** The partition keys of the tables (./leading-keys.ts), for dynamodb:LeadingKeys. */
  partitionKeys: ReadonlyMap<string, PartitionKeys>;
}

type AttributeMap = Record<string, Record<string, unknown>>;

/** A write of BatchWriteItem. */
interface WriteRequest {
  PutRequest?: { Item?: AttributeMap };
  DeleteRequest?: { Key?: AttributeMap };
}

/** One item of a transaction: { Put | Update | Delete | ConditionCheck | Get: {...} }. */
type TransactItem = Record<string, { TableName?: string; Key?: AttributeMap; Item?: AttributeMap }>;

/** What authorization reads of a DynamoDB JSON request (the client's JSON: dynalite validates it). */
interface Body extends QueryBody {
  TableName?: string;
  IndexName?: string;
  Key?: AttributeMap;
  Item?: AttributeMap;
  RequestItems?: Record<string, WriteRequest[] | { Keys?: AttributeMap[] }>;
  TransactItems?: TransactItem[];
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
/** The operations on one item, named by Key (or Item for PutItem). */
const ITEM_OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

export interface PermissionScope {
  region: string;
  accountId: string;
  partitionKeys: ReadonlyMap<string, PartitionKeys>;
}

/**
 * The IAM action(s) and resource ARN(s) one DynamoDB operation is authorized as, each with the
 * partition keys it touches as dynamodb:LeadingKeys.
 */
export function dynamoDbPermissions(operation: string, body: Body, scope: PermissionScope): AuthorizationRequest[] {
  const tableArn = (name: unknown) =>
    String(name).startsWith('arn:')
      ? String(name)
      : `arn:aws:dynamodb:${scope.region}:${scope.accountId}:table/${String(name)}`;
  const partitionKey = (name: unknown, index?: string): string => {
    const table = String(name).replace(/^arn:.*:table\//, '');
    const keys = scope.partitionKeys.get(table);
    const key = index === undefined ? keys?.table : keys?.indexes[index];
    // Never a guess: without the key there would be no leading keys, and ForAllValues would hold.
    if (key === undefined)
      throw new Error(
        `The local DynamoDB does not know the partition key of ${table}${index ? ` index ${index}` : ''}: it knows the tables of terraform/videos-table.json.`,
      );
    return key;
  };
  const withKeys = (request: AuthorizationRequest, keys: string[]): AuthorizationRequest => ({
    ...request,
    context: { [LEADING_KEYS]: keys },
  });
  const action = `dynamodb:${operation}`;
  if (operation === 'ListTables') return [{ action, resource: '*' }];
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.entries(body.RequestItems ?? {}).map(([table, requests]) => {
      const key = partitionKey(table);
      const keys = Array.isArray(requests)
        ? requests.flatMap((write) => itemLeadingKeys(write.PutRequest?.Item ?? write.DeleteRequest?.Key, key))
        : (requests.Keys ?? []).flatMap((item) => itemLeadingKeys(item, key));
      return withKeys({ action, resource: tableArn(table) }, keys);
    });
  }
  if (operation === 'TransactGetItems' || operation === 'TransactWriteItems') {
    return (body.TransactItems ?? []).flatMap((item) =>
      Object.entries(item).map(([kind, request]) =>
        withKeys(
          { action: TRANSACT_ACTIONS[kind] ?? action, resource: tableArn(request.TableName) },
          itemLeadingKeys(request.Item ?? request.Key, partitionKey(request.TableName)),
        ),
      ),
    );
  }
  if (body.TableName === undefined) return [{ action, resource: '*' }];
  const table = tableArn(body.TableName);
  if (ITEM_OPERATIONS.has(operation))
    return [
      withKeys(
        { action, resource: table },
        itemLeadingKeys(operation === 'PutItem' ? body.Item : body.Key, partitionKey(body.TableName)),
      ),
    ];
  // Query and Scan on an index are authorized on the index's ARN.
  const resource = body.IndexName === undefined ? table : `${table}/index/${body.IndexName}`;
  if (operation === 'Query')
    return [withKeys({ action, resource }, queryLeadingKeys(body, partitionKey(body.TableName, body.IndexName)))];
  // A Scan, and the operations on the table itself, touch no partition key.
  return [{ action, resource }];
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
  const scope: PermissionScope = {
    region: options.region,
    accountId: options.credentials.accountId,
    partitionKeys: options.partitionKeys,
  };
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
    // JSON that is null or a list is DynamoDB's SerializationException; dynalite, which runs in this
    // process, would throw on a null outside any request and stop the local cloud.
    if (parsed === null || Array.isArray(parsed))
      return sendDynamoDbError(
        res,
        'SerializationException',
        parsed === null
          ? 'Start of null found where a structure was expected'
          : 'Start of list found where not expected',
        { messageKey: 'Message' },
      );
    // Root may do anything: nothing to evaluate (nor any partition key to know of a table it made).
    const requests = principal.policies ? dynamoDbPermissions(operation, parsed, scope) : [];
    for (const request of requests) {
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
