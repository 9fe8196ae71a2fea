import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from './dynamodb-values';

// AppSync's nextToken is opaque; ours is the LastEvaluatedKey with a tag, so a hand-edited token
// is refused instead of silently starting a page elsewhere.

const KEY = 'videopipe-local-appsync-next-token';

function tag(body: string): string {
  return createHmac('sha256', KEY).update(body).digest('base64url').slice(0, 22);
}

export function encodeNextToken(lastEvaluatedKey: Record<string, AttributeValue> | undefined): string | null {
  if (!lastEvaluatedKey) return null;
  const body = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
  return `${body}.${tag(body)}`;
}

export function decodeNextToken(token: string | null | undefined): Record<string, AttributeValue> | undefined {
  if (token === null || token === undefined || token === '') return undefined;
  const [body = '', signature] = String(token).split('.');
  const expected = body ? tag(body) : '';
  if (
    !signature ||
    signature.length !== expected.length ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    throw new MappingError('Invalid nextToken: pass back the nextToken of a previous page unchanged.');
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, AttributeValue>;
}
