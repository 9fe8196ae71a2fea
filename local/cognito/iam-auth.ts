import type { IncomingMessage } from 'node:http';
import { SignatureError, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { stripQuery } from '../lib/http';
import { CognitoError } from './errors';

/**
 * Cognito's IAM-authorized operations (Admin*, DescribeUserPoolClient) answer only a request signed
 * with SigV4 for cognito-idp in the pool's region, here with the local cloud's one key pair.
 */
export async function assertSignedByLocalCredentials(
  req: IncomingMessage,
  body: string,
  credentials: LocalCredentials,
  region: string,
): Promise<void> {
  if (!req.headers.authorization)
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  try {
    await verifySigV4(
      {
        method: req.method ?? 'POST',
        host: String(req.headers.host ?? ''),
        path: stripQuery(req.url ?? '/'),
        headers: req.headers,
        body,
      },
      credentials,
      { scope: { service: 'cognito-idp', region } },
    );
  } catch (error) {
    if (error instanceof SignatureError) throw new CognitoError(error.code, error.message);
    throw error;
  }
}
