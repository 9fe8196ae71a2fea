import { base64Decode, base64Encode } from './base64';
import { createDynamoDbUtils } from './dynamodb-values';
import { transformExpression } from './expressions';
import { ksuid, ulid, uuidV4 } from './ids';
import { toSubscriptionFilter } from './subscription-filter';
import { createTimeUtils } from './time';

/** What one evaluation records besides its return value. */
export interface EvaluationState {
  authMode?: string;
  fieldName: string;
  parentTypeName: string;
  appended: Array<{ message: string; errorType: string | null; data: unknown; errorInfo: unknown }>;
  logs: string[];
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidations: unknown[];
}

// NOTE: the realm's intrinsics are frozen, so these Errors must not assign `name` or `message`
// themselves: a frozen Error.prototype makes such an assignment throw (super(message) defines it).

/** Thrown by util.error / util.unauthorized: it ends the evaluation with a GraphQL error. */
export class ResolverThrow extends Error {
  readonly resolverError = true;
  constructor(
    message: string,
    readonly errorType: string | null,
    readonly data: unknown,
    readonly errorInfo: unknown,
  ) {
    super(message);
  }
}

/** Thrown by runtime.earlyReturn: a signal that ends the evaluation with `data`, not a failure. */
export class EarlyReturn extends Error {
  readonly earlyReturn = true;
  constructor(readonly data: unknown) {
    super('runtime.earlyReturn');
  }
}

const AUTH_TYPES: Record<string, string> = {
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  API_KEY: 'API Key Authorization',
  AWS_IAM: 'IAM Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
};

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  if (Array.isArray(value)) return 'List';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Map';
}

/** Java's String.matches: the pattern must match the whole value. */
function matches(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

export function createUtil(state: EvaluationState) {
  const isNull = (value: unknown) => value === null || value === undefined;
  const isNullOrEmpty = (value: unknown) =>
    isNull(value) || value === '' || (Array.isArray(value) && value.length === 0);
  const isNullOrBlank = (value: unknown) => isNull(value) || (typeof value === 'string' && value.trim() === '');
  return {
    autoId: uuidV4,
    autoUlid: () => ulid(),
    autoKsuid: () => ksuid(),
    error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
      throw new ResolverThrow(String(message), errorType ?? null, data ?? null, errorInfo ?? null);
    },
    appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
      state.appended.push({
        message: String(message),
        errorType: errorType ?? null,
        data: data ?? null,
        errorInfo: errorInfo ?? null,
      });
    },
    unauthorized(): never {
      throw new ResolverThrow(
        `Not Authorized to access ${state.fieldName} on type ${state.parentTypeName}`,
        'Unauthorized',
        null,
        null,
      );
    },
    isNull,
    isNullOrEmpty,
    isNullOrBlank,
    defaultIfNull: <T>(value: T, fallback: T) => (isNull(value) ? fallback : value),
    defaultIfNullOrEmpty: <T>(value: T, fallback: T) => (isNullOrEmpty(value) ? fallback : value),
    defaultIfNullOrBlank: <T>(value: T, fallback: T) => (isNullOrBlank(value) ? fallback : value),
    isString: (value: unknown) => typeof value === 'string',
    isNumber: (value: unknown) => typeof value === 'number',
    isBoolean: (value: unknown) => typeof value === 'boolean',
    isList: (value: unknown) => Array.isArray(value),
    isMap: (value: unknown) => typeOf(value) === 'Map',
    typeOf,
    matches,
    authType: () => AUTH_TYPES[state.authMode ?? ''] ?? 'API Key Authorization',
    escapeJavaScript: (value: string) => JSON.stringify(String(value)).slice(1, -1).replace(/'/g, "\\'"),
    urlEncode: (value: string) => encodeURIComponent(value).replace(/%20/g, '+'),
    urlDecode: (value: string) => decodeURIComponent(String(value).replace(/\+/g, '%20')),
    base64Encode,
    base64Decode,
    parseJson: (value: string) => JSON.parse(value) as unknown,
    toJson: (value: unknown) => JSON.stringify(value),
    time: createTimeUtils(),
    dynamodb: createDynamoDbUtils(),
    transform: {
      toDynamoDBFilterExpression: (filter: Record<string, unknown>) => JSON.stringify(transformExpression(filter)),
      toDynamoDBConditionExpression: (condition: Record<string, unknown>) =>
        JSON.stringify(transformExpression(condition)),
      toSubscriptionFilter,
    },
    str: {
      toUpper: (value: string) => value.toUpperCase(),
      toLower: (value: string) => value.toLowerCase(),
      toReplace: (value: string, target: string, replacement: string) => value.split(target).join(replacement),
      normalize: (value: string, form: string) => value.normalize(form.toUpperCase()),
    },
    math: {
      roundNum: (value: number) => Math.round(value),
      minVal: (a: number, b: number) => Math.min(a, b),
      maxVal: (a: number, b: number) => Math.max(a, b),
      randomDouble: () => Math.random(),
      randomWithinRange: (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1)),
    },
    http: {
      addResponseHeader: () => undefined,
      addResponseHeaders: () => undefined,
      copyHeaders: (headers: Record<string, unknown>) => ({ ...headers }),
    },
  };
}

export function createRuntime() {
  return {
    earlyReturn(data?: unknown): never {
      throw new EarlyReturn(data === undefined ? null : data);
    },
  };
}

export function createExtensions(state: EvaluationState) {
  return {
    setSubscriptionFilter: (filter: unknown) => {
      state.subscriptionFilter = filter;
    },
    setSubscriptionInvalidationFilter: (filter: unknown) => {
      state.subscriptionInvalidationFilter = filter;
    },
    invalidateSubscriptions: (spec: unknown) => {
      state.invalidations.push(spec);
    },
    evictFromApiCache: () => undefined,
  };
}
