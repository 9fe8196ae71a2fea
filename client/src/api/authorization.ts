/**
 * How the API links authenticate. AppSync takes the same header object over HTTP (as request
 * headers), in the real-time handshake and in each subscription's `start` (as JSON), so one
 * function serves all three; it is called per operation so a refreshed token is always used.
 */
export type AuthorizationHeaders = Record<string, string>;

export type GetAuthorization = (operation: 'query' | 'mutation' | 'subscription') => Promise<AuthorizationHeaders>;

export interface CognitoOrApiKeyOptions {
  /** The signed-in user's ID token (refreshed as needed), or undefined when nobody is signed in. */
  getIdToken: () => Promise<string | undefined>;
  /** The public API key, for anonymous callers. */
  apiKey: string;
}

/**
 * Cognito user pools when signed in, the API key otherwise. AppSync's Cognito mode takes the raw
 * JWT in `Authorization` (no `Bearer ` prefix).
 */
export function cognitoOrApiKey({ getIdToken, apiKey }: CognitoOrApiKeyOptions): GetAuthorization {
  return async (): Promise<AuthorizationHeaders> => {
    const token = await getIdToken();
    return token ? { Authorization: token } : { 'x-api-key': apiKey };
  };
}
