// The GraphQL API's abuse limits, the same in both homes: terraform/variables.tf gives
// aws_appsync_graphql_api these defaults (test/unit/terraform/api-limits.test.ts keeps the two
// equal), and the local AppSync enforces them as AppSync does.

export type IntrospectionConfig = 'ENABLED' | 'DISABLED';

export interface ApiLimits {
  /** Deepest field a query may reach, scalar leaves counted (AppSync queryDepthLimit: 1-75, 0 = none). */
  queryDepthLimit: number;
  /** Resolver runs one request may make (AppSync resolverCountLimit: 1-10000, 0 = AppSync's 10000). */
  resolverCountLimit: number;
  /** AppSync introspectionConfig. */
  introspection: IntrospectionConfig;
}

/**
 * The deepest query this schema allows is 4 levels (listMyVideos > items > renditions > width) and
 * every client operation runs one resolver; introspection is for development, not the public key.
 */
export const DEFAULT_API_LIMITS: Readonly<ApiLimits> = Object.freeze({
  queryDepthLimit: 8,
  resolverCountLimit: 10,
  introspection: 'DISABLED',
});

/** What AppSync accepts for each limit (CreateGraphqlApi), and runs when resolverCountLimit is 0. */
export const APPSYNC_MAX_QUERY_DEPTH_LIMIT = 75;
export const APPSYNC_MAX_RESOLVER_COUNT = 10_000;

export const API_LIMIT_VARIABLES = {
  queryDepthLimit: 'VIDEOPIPE_APPSYNC_QUERY_DEPTH_LIMIT',
  resolverCountLimit: 'VIDEOPIPE_APPSYNC_RESOLVER_COUNT_LIMIT',
  introspection: 'VIDEOPIPE_APPSYNC_INTROSPECTION',
} as const;

/** The limits from the environment variables above, each defaulting as on AWS; a bad value stops the start with a sentence. */
export function apiLimitsFromEnvironment(env: Record<string, string | undefined>): ApiLimits {
  return {
    queryDepthLimit: wholeNumber(env, API_LIMIT_VARIABLES.queryDepthLimit, DEFAULT_API_LIMITS.queryDepthLimit, {
      max: APPSYNC_MAX_QUERY_DEPTH_LIMIT,
    }),
    resolverCountLimit: wholeNumber(
      env,
      API_LIMIT_VARIABLES.resolverCountLimit,
      DEFAULT_API_LIMITS.resolverCountLimit,
      { max: APPSYNC_MAX_RESOLVER_COUNT },
    ),
    introspection: introspectionConfig(env),
  };
}

function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  { max }: { max: number },
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name}=${raw} must be a whole number from 0 to ${max}, as AppSync accepts.`);
  }
  return value;
}

function introspectionConfig(env: Record<string, string | undefined>): IntrospectionConfig {
  const raw = env[API_LIMIT_VARIABLES.introspection];
  if (raw === undefined || raw === '') return DEFAULT_API_LIMITS.introspection;
  if (raw !== 'ENABLED' && raw !== 'DISABLED') {
    throw new Error(`${API_LIMIT_VARIABLES.introspection}=${raw} must be ENABLED or DISABLED.`);
  }
  return raw;
}
