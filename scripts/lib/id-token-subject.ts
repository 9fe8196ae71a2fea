// The user's id in an ID token the pool just issued. Read, not verified: the token came straight
// from Cognito over the caller's own connection.

export function idTokenSubject(idToken: string): string {
  const [, payload] = idToken.split('.');
  if (payload === undefined) throw new Error('Cognito issued an ID token that is not a JWT.');
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
  if (typeof sub !== 'string') throw new Error('Cognito issued an ID token without a sub claim.');
  return sub;
}
