import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DocumentNode } from 'graphql';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createCognitoAuthenticator } from './auth/cognito-auth';
import { FieldAuthorizer } from './auth/field-auth';
import { createRequestAuthenticator } from './auth/request-auth';
import { verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { decide } from '../iam';
import type { CredentialDirectory } from '../iam';
import { authorizeIamOperation } from './auth/iam-field-access';
import { invokeDynamoDbDataSource } from './data-sources/dynamodb';
import { createLambdaDataSource } from './data-sources/lambda';
import { newNextTokenKey, NextTokens } from './data-sources/next-token';
import type { LambdaHandler } from './data-sources/lambda';
import { invokeNoneDataSource } from './data-sources/none';
import type { DataSourceInvoker } from './data-sources/types';
import type { ApiLimits } from './api-limits';
import { createEvaluateCodeListener } from './evaluate-code';
import { GraphQLEngine } from './graphql-engine';
import { createGraphQLHandler, CORS_HEADERS } from './graphql-http';
import { flatHeaders, sendJson, stripQuery } from '../lib/http';
import { builtCodePath, loadManifest } from '../../common/manifest';
import type { Manifest } from '../../common/manifest';
import { createRealtimeBackend } from './realtime-backend';
import { createRealtimeServer } from './realtime';
import type { RealtimeLimits, RealtimeServer } from './realtime';
import { ResolverExecutor } from './resolver-executor';
import { compileResolverCode, compileResolverCodeAsync } from './runtime';
import type { CompiledCode } from './runtime';
import { loadSchema, subscriptionTriggers } from './load-schema';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';

export { API_LIMIT_VARIABLES, DEFAULT_API_LIMITS, apiLimitsFromEnvironment } from './api-limits';
export type { ApiLimits } from './api-limits';

export interface LocalAppSyncOptions {
  port: number;
  /** The same API over TLS (Amplify always opens its real-time socket with wss://). */
  tls?: { port: number; key: string; cert: string };
  host?: string;
  apiKey: string;
  /** The root key pair, or the local IAM's directory of principals (AWS_IAM callers are held to their policies). */
  credentials: LocalCredentials | CredentialDirectory;
  /** The API's id in its ARN (arn:aws:appsync:<region>:<account>:apis/<id>), the resource IAM policies name. */
  apiId?: string;
  /** The region SigV4 requests must be signed for (any when not set). */
  region?: string;
  cognito: { userPoolId: string; jwks: Jwks };
  dynamodb: { client: DynamoDBClient; tableNames: Record<string, string> };
  /** Lambda data sources by function name (manifest `function`). */
  lambdas: Record<string, () => Promise<LambdaHandler>>;
  env?: Record<string, string>;
  /** Query depth, resolver count and introspection, as aws_appsync_graphql_api sets them (default DEFAULT_API_LIMITS). */
  limits?: ApiLimits;
  /** The real-time endpoint's limits; AppSync's own unless given (local/appsync/realtime/limits.ts). */
  realtimeLimits?: Partial<RealtimeLimits>;
  /**
   * The key nextTokens are tagged with (32 bytes): the local cloud keeps one per data dir, so tokens
   * outlive a restart. A random one for this start when not given.
   */
  nextTokenKey?: Buffer;
  log?: (line: string) => void;
}

export { DEFAULT_REALTIME_LIMITS } from './realtime';
export type { RealtimeLimits } from './realtime';

export interface LocalAppSync {
  graphqlUrl: string;
  realtimeUrl: string;
  graphqlHttpsUrl?: string;
  realtimeWssUrl?: string;
  /** The AppSync control-plane endpoint (EvaluateCode), for AWS_ENDPOINT_URL_APPSYNC. */
  endpoint: string;
  realtime: RealtimeServer;
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';
/** The local API's id (AppSync's are 26 lower-case letters and digits). */
export const LOCAL_APPSYNC_API_ID = 'videopipelocalapi000000000';
export const REALTIME_PATH = '/graphql/realtime';

/** AppSync on one machine: the GraphQL endpoint, its real-time WebSocket and EvaluateCode, on one port. */
export async function startAppSync(options: LocalAppSyncOptions): Promise<LocalAppSync> {
  const manifest = loadManifest();
  const schema = loadSchema();
  const codeCache = new Map<string, CompiledCode>();
  const loadCode = (codeFile: string): CompiledCode => {
    let compiled = codeCache.get(codeFile);
    if (!compiled) {
      const file = builtCodePath(codeFile);
      compiled = compileResolverCode(readFileSync(file, 'utf8'), file);
      codeCache.set(codeFile, compiled);
    }
    return compiled;
  };
  // Compile everything up front: a broken bundle fails the start, not the first request (the first
  // in the manifest's order when several are). Through esbuild's asynchronous API, all at once.
  const codeFiles = [
    ...new Set([...Object.values(manifest.resolvers), ...Object.values(manifest.functions)].map((code) => code.code)),
  ];
  const compiled = await Promise.allSettled(
    codeFiles.map(async (codeFile) => {
      const file = builtCodePath(codeFile);
      codeCache.set(codeFile, await compileResolverCodeAsync(readFileSync(file, 'utf8'), file));
    }),
  );
  const failed = compiled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  const executor = new ResolverExecutor({
    manifest,
    dataSources: dataSourcesOf(manifest, options, new NextTokens(options.nextTokenKey ?? newNextTokenKey())),
    loadCode,
    env: options.env,
  });
  const authorizer = new FieldAuthorizer(schema, 'AMAZON_COGNITO_USER_POOLS');
  const authenticate = createRequestAuthenticator({
    apiKey: options.apiKey,
    credentials: options.credentials,
    region: options.region,
    verifyCognitoToken: createCognitoAuthenticator(options.cognito),
  });
  const triggers = subscriptionTriggers(schema);
  const engine = new GraphQLEngine(schema, executor, authorizer, {
    limits: options.limits,
    onMutation: (event) => {
      const subscribed = [...triggers.values()].some((mutations) => mutations.includes(event.mutationField));
      if (subscribed) {
        realtime
          .publish(event)
          .catch((error: unknown) =>
            options.log?.(`appsync: publishing ${event.mutationField} failed: ${String(error)}`),
          );
      }
    },
  });
  const realtime: RealtimeServer = createRealtimeServer({
    backend: createRealtimeBackend({ engine, authenticate, triggers }),
    path: REALTIME_PATH,
    limits: options.realtimeLimits,
    log: options.log,
  });
  const apiArn = `arn:aws:appsync:${options.region ?? 'us-east-1'}:${options.credentials.accountId}:apis/${options.apiId ?? LOCAL_APPSYNC_API_ID}`;
  const graphql = createGraphQLHandler(engine, authenticate, (caller, query, operationName) => {
    if (!caller.principal) return;
    // The engine parses (and caches) the document anyway: the back end's few publishes parse once.
    const prepared = engine.prepare(query);
    const document = Array.isArray(prepared) ? undefined : (prepared as DocumentNode);
    authorizeIamOperation({ schema, apiArn, principal: caller.principal, query, document, operationName });
  });
  // EvaluateCode is a control-plane call: SigV4-signed with the local credentials, like on AWS.
  const evaluateCode = createEvaluateCodeListener({
    authorize: async (req, body) => {
      const headers = flatHeaders(req);
      try {
        const { principal } = await verifySigV4(
          { method: 'POST', host: headers.host ?? '', path: stripQuery(req.url ?? ''), headers, body },
          options.credentials,
          { scope: { service: 'appsync', region: options.region } },
        );
        return (
          decide(principal, {
            action: 'appsync:EvaluateCode',
            resource: `arn:aws:appsync:${options.region ?? 'us-east-1'}:${options.credentials.accountId}:*`,
          }) === 'allow'
        );
      } catch {
        return false;
      }
    },
  });
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const path = stripQuery(req.url ?? '/');
    if (path === GRAPHQL_PATH) return graphql(req, res);
    if (path.startsWith('/v1/')) return evaluateCode(req, res);
    sendJson(
      res,
      404,
      {
        errors: [{ errorType: 'NotFound', message: `Nothing is served at ${path}; GraphQL is at ${GRAPHQL_PATH}.` }],
      },
      CORS_HEADERS,
    );
  };
  const serverOptions = {
    service: 'AppSync',
    log: options.log,
    answerInternalError: (res: ServerResponse) =>
      sendJson(
        res,
        500,
        { errors: [{ errorType: 'InternalFailure', message: 'An internal error occurred.' }] },
        CORS_HEADERS,
      ),
    onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => realtime.handleUpgrade(req, socket, head),
  };
  const httpServer = createLocalServer(route, serverOptions);
  const tlsServer = options.tls ? createLocalServer(route, { ...serverOptions, tls: options.tls }) : undefined;
  const servers: Server[] = tlsServer ? [httpServer, tlsServer] : [httpServer];
  for (const server of servers) keepIdleConnectionsThroughBusySpells(server);
  await listen(httpServer, options.port, options.host ?? '127.0.0.1', 'AppSync');
  if (tlsServer && options.tls) await listen(tlsServer, options.tls.port, options.host ?? '127.0.0.1', 'AppSync (TLS)');
  const port = (httpServer.address() as AddressInfo).port;
  const tlsPort = tlsServer ? (tlsServer.address() as AddressInfo).port : undefined;
  const base = `http://127.0.0.1:${port}`;
  return {
    graphqlUrl: `${base}${GRAPHQL_PATH}`,
    realtimeUrl: `ws://127.0.0.1:${port}${REALTIME_PATH}`,
    ...(tlsPort
      ? {
          graphqlHttpsUrl: `https://127.0.0.1:${tlsPort}${GRAPHQL_PATH}`,
          realtimeWssUrl: `wss://127.0.0.1:${tlsPort}${REALTIME_PATH}`,
        }
      : {}),
    endpoint: base,
    realtime,
    close: async () => {
      await realtime.close();
      await Promise.all(servers.map(closeServer));
    },
  };
}

/**
 * A document near the 1 MB body limit takes a second or two to parse and validate, and the event
 * loop waits meanwhile. Node closes idle keep-alive connections 5 s after their last response, and
 * an overdue timer runs before the socket is read: a client that reused such a connection just
 * before the wait had its request reset. An idle minute, as load balancers keep, puts that out of reach.
 */
const KEEP_ALIVE_MS = 60_000;

function keepIdleConnectionsThroughBusySpells(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node requires the header wait to outlast the keep-alive wait.
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
}

function dataSourcesOf(
  manifest: Manifest,
  options: LocalAppSyncOptions,
  nextTokens: NextTokens,
): Record<string, DataSourceInvoker> {
  const invokers: Record<string, DataSourceInvoker> = {};
  for (const [name, definition] of Object.entries(manifest.dataSources)) {
    if (definition.type === 'AMAZON_DYNAMODB') {
      const tableName = options.dynamodb.tableNames[definition.table] ?? definition.table;
      invokers[name] = (request) =>
        invokeDynamoDbDataSource(request, { client: options.dynamodb.client, tableName, nextTokens });
    } else if (definition.type === 'AWS_LAMBDA') {
      const load = options.lambdas[definition.function];
      if (!load)
        throw new Error(
          `Data source ${name} names Lambda function ${definition.function}, which the local cloud does not provide.`,
        );
      invokers[name] = createLambdaDataSource(load);
    } else {
      invokers[name] = invokeNoneDataSource;
    }
  }
  return invokers;
}
