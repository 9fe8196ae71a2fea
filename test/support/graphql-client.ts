import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Endpoints } from '../../local/endpoints';

export type ApiAuth =
  | { mode: 'apiKey'; apiKey?: string }
  | { mode: 'userPool'; token: string }
  | { mode: 'iam'; accessKeyId?: string; secretAccessKey?: string; service?: string; region?: string }
  | { mode: 'none' };

export interface GraphQLErrorEntry {
  message: string;
  errorType?: string | null;
  path?: Array<string | number> | null;
  data?: unknown;
  errorInfo?: unknown;
  locations?: unknown;
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/** One GraphQL request over HTTP, authenticated as a client of each mode would. */
export async function graphql<T = Record<string, any>>(
  endpoints: Endpoints,
  auth: ApiAuth,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResult<T>> {
  const body = JSON.stringify({ query, variables });
  const url = new URL(endpoints.graphqlUrl);
  let headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.mode === 'apiKey') headers['x-api-key'] = auth.apiKey ?? endpoints.apiKey;
  if (auth.mode === 'userPool') headers.authorization = auth.token;
  if (auth.mode === 'iam') {
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: auth.accessKeyId ?? endpoints.accessKeyId,
        secretAccessKey: auth.secretAccessKey ?? endpoints.secretAccessKey,
      },
      region: auth.region ?? endpoints.region,
      service: auth.service ?? 'appsync',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: { ...headers, host: url.host },
        body,
      }),
    );
    headers = signed.headers;
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const json = (await response.json()) as { data?: T | null; errors?: GraphQLErrorEntry[] };
  return { status: response.status, ...json };
}
