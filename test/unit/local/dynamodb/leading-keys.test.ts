import { loadTableDefinitions } from '../../../../local/dynamodb';
import { dynamoDbPermissions } from '../../../../local/dynamodb/iam-gateway';
import { partitionKeysOf, queryLeadingKeys } from '../../../../local/dynamodb/leading-keys';

// What the local DynamoDB asks IAM, with the partition keys each request touches as
// dynamodb:LeadingKeys (AWS's multivalued condition key), for the product's table.

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/videos';
const scope = {
  region: 'us-east-1',
  accountId: '000000000000',
  partitionKeys: partitionKeysOf(loadTableDefinitions()),
};
const keys = (...values: string[]) => ({ 'dynamodb:LeadingKeys': values });

describe('partitionKeysOf', () => {
  test("the videos table's and each index's partition key, from terraform/videos-table.json", () => {
    expect(scope.partitionKeys.get('videos')).toEqual({
      table: 'id',
      indexes: { byOwner: 'userId', processingDeadlines: 'status', feed: 'feedKey' },
    });
  });
});

describe('dynamoDbPermissions', () => {
  test("an item's operation: its key's partition key value (PutItem: the item's)", () => {
    expect(dynamoDbPermissions('GetItem', { TableName: 'videos', Key: { id: { S: 'v1' } } }, scope)).toEqual([
      { action: 'dynamodb:GetItem', resource: TABLE, context: keys('v1') },
    ]);
    expect(
      dynamoDbPermissions(
        'PutItem',
        { TableName: 'videos', Item: { id: { S: 'upload#v1' }, size: { N: '5' } } },
        scope,
      ),
    ).toEqual([{ action: 'dynamodb:PutItem', resource: TABLE, context: keys('upload#v1') }]);
    for (const operation of ['UpdateItem', 'DeleteItem'])
      expect(dynamoDbPermissions(operation, { TableName: TABLE, Key: { id: { S: 'usage#x' } } }, scope)).toEqual([
        { action: `dynamodb:${operation}`, resource: TABLE, context: keys('usage#x') },
      ]);
  });

  test("a Query: its key condition's partition key, the index's on an index; a Scan: none", () => {
    expect(
      dynamoDbPermissions(
        'Query',
        {
          TableName: 'videos',
          IndexName: 'byOwner',
          KeyConditionExpression: '#owner = :owner AND id > :after',
          ExpressionAttributeNames: { '#owner': 'userId' },
          ExpressionAttributeValues: { ':owner': { S: 'user-1' }, ':after': { S: '01J' } },
        },
        scope,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${TABLE}/index/byOwner`, context: keys('user-1') }]);
    expect(dynamoDbPermissions('Scan', { TableName: 'videos' }, scope)).toEqual([
      { action: 'dynamodb:Scan', resource: TABLE },
    ]);
    expect(dynamoDbPermissions('DescribeTable', { TableName: 'videos' }, scope)).toEqual([
      { action: 'dynamodb:DescribeTable', resource: TABLE },
    ]);
  });

  test('a batch: every partition key it touches in each table; a transaction: each item its own', () => {
    expect(
      dynamoDbPermissions(
        'BatchWriteItem',
        {
          RequestItems: {
            videos: [
              { PutRequest: { Item: { id: { S: 'upload#a' } } } },
              { DeleteRequest: { Key: { id: { S: 'b' } } } },
            ],
          },
        },
        scope,
      ),
    ).toEqual([{ action: 'dynamodb:BatchWriteItem', resource: TABLE, context: keys('upload#a', 'b') }]);
    expect(
      dynamoDbPermissions(
        'BatchGetItem',
        { RequestItems: { videos: { Keys: [{ id: { S: 'a' } }, { id: { S: 'c' } }] } } },
        scope,
      ),
    ).toEqual([{ action: 'dynamodb:BatchGetItem', resource: TABLE, context: keys('a', 'c') }]);
    expect(
      dynamoDbPermissions(
        'TransactWriteItems',
        {
          TransactItems: [
            { Put: { TableName: 'videos', Item: { id: { S: 'upload#a' } } } },
            { ConditionCheck: { TableName: 'videos', Key: { id: { S: 'v' } } } },
          ],
        },
        scope,
      ),
    ).toEqual([
      { action: 'dynamodb:PutItem', resource: TABLE, context: keys('upload#a') },
      { action: 'dynamodb:ConditionCheckItem', resource: TABLE, context: keys('v') },
    ]);
  });

  test('a table or index whose partition key the local cloud does not know is said, never guessed', () => {
    expect(() => dynamoDbPermissions('GetItem', { TableName: 'other', Key: { id: { S: 'a' } } }, scope)).toThrow(
      'The local DynamoDB does not know the partition key of other: it knows the tables of terraform/videos-table.json.',
    );
    expect(() =>
      dynamoDbPermissions('Query', { TableName: 'videos', IndexName: 'nope', KeyConditionExpression: 'x = :x' }, scope),
    ).toThrow('The local DynamoDB does not know the partition key of videos index nope');
  });
});

describe('queryLeadingKeys', () => {
  test('the equality on the partition key only, named directly or through #names; numbers and legacy KeyConditions too', () => {
    const values = { ':v': { S: 'p' }, ':w': { S: 's' }, ':n': { N: '42' } };
    expect(
      queryLeadingKeys({ KeyConditionExpression: 'sk = :w AND pk = :v', ExpressionAttributeValues: values }, 'pk'),
    ).toEqual(['p']);
    expect(queryLeadingKeys({ KeyConditionExpression: 'pk=:n', ExpressionAttributeValues: values }, 'pk')).toEqual([
      '42',
    ]);
    // A sort key's <= is no equality; a condition without the partition key has no leading key.
    expect(queryLeadingKeys({ KeyConditionExpression: 'pk <= :v', ExpressionAttributeValues: values }, 'pk')).toEqual(
      [],
    );
    expect(
      queryLeadingKeys(
        { KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'legacy' }] } } },
        'pk',
      ),
    ).toEqual(['legacy']);
  });
});
