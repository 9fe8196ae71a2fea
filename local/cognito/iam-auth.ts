import type { IncomingMessage } from 'node:http';
import { credentialDirectory, decide, denialMessage } from '../iam';
import type { CredentialDirectory, LocalPrincipal } from '../iam';
import { SignatureError, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { stripQuery } from '../lib/http';
import { CognitoError } from './errors';

export interface IamOperationCall {
  /** The operation's name, e.g. AdminGetUser: the IAM action is cognito-idp:<operation>. */
  operation: string;
  userPoolId: string;
  region: string;
}

/** The pool's ARN, the resource Cognito's IAM-authorized operations are authorized on. */
export function userPoolArn(region: string, accountId: string, userPoolId: string): string {
  return `arn:aws:cognito-idp:${region}:${accountId}:userpool/${userPoolId}`;
}

/**
 * Cognito's IAM-authorized operations (Admin*, DescribeUserPoolClient) answer only a request signed
 * with SigV4 for cognito-idp in the pool's region, by a principal of the local IAM whose policies
 * allow cognito-idp:<operation> on the pool (root may do anything; a Lambda role only what its
 * policy grants).
 */
export async function authorizeIamOperation(
  req: IncomingMessage,
  body: string,
  credentials: LocalCredentials | CredentialDirectory,
  call: IamOperationCall,
): Promise<void> {
  if (!req.headers.authorization)
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  const directory = credentialDirectory(credentials);
  let principal: LocalPrincipal;
  try {
    ({ principal } = await verifySigV4(
      {
        method: req.method ?? 'POST',
        host: String(req.headers.host ?? ''),
        path: stripQuery(req.url ?? '/'),
        headers: req.headers,
        body,
      },
      directory,
      { scope: { service: 'cognito-idp', region: call.region } },
    ));
  } catch (error) {
    if (error instanceof SignatureError) throw new CognitoError(error.code, error.message);
    throw error;
  }
  const request = {
    action: `cognito-idp:${call.operation}`,
    resource: userPoolArn(call.region, directory.accountId, call.userPoolId),
  };
  const decision = decide(principal, request);
  // IAM's denial, as the JSON services send it: AccessDeniedException, its sentence in "Message".
  if (decision !== 'allow')
    throw new CognitoError('AccessDeniedException', denialMessage(principal, decision, request), 400, 'Message');
}
