import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// AppSync's nextToken is opaque; ours is the LastEvaluatedKey with a tag, so a hand-edited token
// is refused instead of silently starting a page elsewhere. The tag's key is random, made once per
// data dir (local/lib/local-settings.ts): one written in the source would let anyone forge a page
// start, and a key per start would void the tokens clients hold across a restart.

/** Bytes of a next-token key: HMAC-SHA256's block of output. */
export const NEXT_TOKEN_KEY_BYTES = 32;

/** AppSync's answer to a nextToken it did not issue (aws-amplify/amplify-js#4880, amplify-cli#3411). */
export class InvalidPaginationTokenError extends Error {
  readonly errorType = 'DynamoDB:UserIllegalArgumentException';

  constructor() {
    super('com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.');
    this.name = 'InvalidPaginationTokenError';
  }
}

/** A fresh random key, for a data dir's settings or a stand-alone AppSync. */
export function newNextTokenKey(): Buffer {
  return randomBytes(NEXT_TOKEN_KEY_BYTES);
}

/** Issues and checks the nextTokens of one API, under its key. */
export class NextTokens {
  constructor(private readonly key: Buffer) {
    if (key.length !== NEXT_TOKEN_KEY_BYTES)
      throw new Error(`A nextToken key is ${NEXT_TOKEN_KEY_BYTES} bytes, not ${key.length}.`);
  }

  private tag(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }

  encode(lastEvaluatedKey: Record<string, AttributeValue> | undefined): string | null {
    if (!lastEvaluatedKey) return null;
    const body = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
    return `${body}.${this.tag(body)}`;
  }

  decode(token: string | null | undefined): Record<string, AttributeValue> | undefined {
    if (token === null || token === undefined || token === '') return undefined;
    const [body = '', signature] = String(token).split('.');
    const expected = body ? this.tag(body) : '';
    if (
      !signature ||
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      throw new InvalidPaginationTokenError();
    }
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, AttributeValue>;
  }
}
