// Shapes shared by the local AppSync's parts: the resolver context APPSYNC_JS code sees, what one
// evaluation of a handler returns, and the caller identity each auth mode produces.

import type { LocalPrincipal } from '../iam';

export type AuthMode = 'AMAZON_COGNITO_USER_POOLS' | 'API_KEY' | 'AWS_IAM';

/** ctx.identity for Cognito user pools (AppSync's AppSyncIdentityCognito). */
export interface CognitoIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: Record<string, unknown>;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}

/** ctx.identity for IAM (AppSync's AppSyncIdentityIAM). */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
}

/** API key callers have a null identity, as on AppSync. */
export type Identity = CognitoIdentity | IamIdentity | null;

export interface Caller {
  authMode: AuthMode;
  identity: Identity;
  /** AWS_IAM: who signed, with the policies appsync:GraphQL is checked against. */
  principal?: LocalPrincipal;
}

export interface ResolverInfo {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/** The JSON-serialisable context one handler invocation receives (EvaluateCode's `context`). */
export interface ContextInput {
  arguments?: Record<string, unknown>;
  source?: Record<string, unknown> | null;
  identity?: Identity;
  stash?: Record<string, unknown>;
  prev?: { result?: unknown } | null;
  result?: unknown;
  error?: { message: string; type?: string } | null;
  info?: Partial<ResolverInfo>;
  request?: { headers?: Record<string, string>; domainName?: string | null };
  env?: Record<string, string>;
  /** The auth mode of the request, for util.authType(). */
  authMode?: AuthMode;
}

/** An error raised by util.error / util.unauthorized, or appended by util.appendError. */
export interface ResolverError {
  message: string;
  errorType?: string | null;
  data?: unknown;
  errorInfo?: unknown;
}

/** What evaluating one handler (`request` or `response`) produced. */
export interface EvaluationResult {
  /** The handler's return value, JSON round-tripped as AppSync does. Undefined when it threw. */
  result?: unknown;
  /** util.error / util.unauthorized: evaluation stopped with this error. */
  error?: ResolverError;
  /** A runtime fault (a TypeError in the code, a disallowed construct...). */
  runtimeError?: { message: string };
  /** util.appendError calls, in order. */
  appendedErrors: ResolverError[];
  /** runtime.earlyReturn(data) was called: skip the data source (and the rest of a pipeline). */
  earlyReturn?: { data: unknown };
  /** The stash after the handler ran (handlers may mutate ctx.stash). */
  stash: Record<string, unknown>;
  /** extensions.setSubscriptionFilter(...) argument, if called. */
  subscriptionFilter?: unknown;
  /** extensions.setSubscriptionInvalidationFilter(...) argument, if called. */
  subscriptionInvalidationFilter?: unknown;
  /** extensions.invalidateSubscriptions(...) arguments, in order. */
  invalidations: unknown[];
  /** console.log/console.error lines, as EvaluateCode's `logs`. */
  logs: string[];
}
