import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A conditional write whose condition did not hold: a verdict for the caller, not a fault. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException'
  );
}
