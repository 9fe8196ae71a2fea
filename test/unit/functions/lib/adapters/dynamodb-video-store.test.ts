import { buildUpdateExpression } from '../../../../../functions/lib/adapters/dynamodb-video-store';

describe('buildUpdateExpression', () => {
  test('names every attribute it uses, and only those; skips undefined values', () => {
    const update = buildUpdateExpression({
      set: { status: 'FAILED', failureReason: 'x', thumbnailUrl: undefined },
      setIfAbsent: { createdAt: 'now' },
      condition: 'attribute_exists(#id) AND #status = :processing',
      conditionValues: { ':processing': 'PROCESSING' },
    });
    expect(update).toEqual({
      UpdateExpression:
        'SET #status = :status, #failureReason = :failureReason, #createdAt = if_not_exists(#createdAt, :createdAt)',
      ConditionExpression: 'attribute_exists(#id) AND #status = :processing',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#failureReason': 'failureReason',
        '#createdAt': 'createdAt',
        '#id': 'id',
      },
      ExpressionAttributeValues: {
        ':status': 'FAILED',
        ':failureReason': 'x',
        ':createdAt': 'now',
        ':processing': 'PROCESSING',
      },
    });
  });
});
