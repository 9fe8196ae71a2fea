// util.dynamodb: JSON values to DynamoDB typed values the way AppSync's APPSYNC_JS runtime writes
// them (numbers stay JSON numbers: AWS returns {"N": 12345}).

export type Typed = Record<string, unknown>;

export function toDynamoDB(value: unknown): Typed {
  if (value === null || value === undefined) return { NULL: null };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (typeof value === 'object') return { M: toMapValues(value as Record<string, unknown>) };
  throw new Error(`Cannot convert ${typeof value} to a DynamoDB value`);
}

export function toMapValues(map: Record<string, unknown>): Record<string, Typed> {
  const out: Record<string, Typed> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (value !== undefined) out[key] = toDynamoDB(value);
  }
  return out;
}

export function createDynamoDbUtils() {
  return {
    toDynamoDB,
    toDynamoDBJson: (value: unknown) => JSON.stringify(toDynamoDB(value)),
    toString: (value: string) => ({ S: value }),
    toStringJson: (value: string) => JSON.stringify({ S: value }),
    toStringSet: (values: string[]) => ({ SS: values }),
    toStringSetJson: (values: string[]) => JSON.stringify({ SS: values }),
    toNumber: (value: number) => ({ N: value }),
    toNumberJson: (value: number) => JSON.stringify({ N: value }),
    toNumberSet: (values: number[]) => ({ NS: values }),
    toNumberSetJson: (values: number[]) => JSON.stringify({ NS: values }),
    toBinary: (value: string) => ({ B: value }),
    toBinaryJson: (value: string) => JSON.stringify({ B: value }),
    toBinarySet: (values: string[]) => ({ BS: values }),
    toBinarySetJson: (values: string[]) => JSON.stringify({ BS: values }),
    toBoolean: (value: boolean) => ({ BOOL: value }),
    toBooleanJson: (value: boolean) => JSON.stringify({ BOOL: value }),
    toNull: () => ({ NULL: null }),
    toNullJson: () => JSON.stringify({ NULL: null }),
    toList: (values: unknown[]) => ({ L: values.map(toDynamoDB) }),
    toListJson: (values: unknown[]) => JSON.stringify({ L: values.map(toDynamoDB) }),
    toMap: (map: Record<string, unknown>) => ({ M: toMapValues(map) }),
    toMapJson: (map: Record<string, unknown>) => JSON.stringify({ M: toMapValues(map) }),
    toMapValues,
    toMapValuesJson: (map: Record<string, unknown>) => JSON.stringify(toMapValues(map)),
    toS3Object: (key: string, bucket: string, region: string, version?: string) => ({
      S: JSON.stringify({ s3: { key, bucket, region, ...(version ? { version } : {}) } }),
    }),
    toS3ObjectJson: (key: string, bucket: string, region: string, version?: string) =>
      JSON.stringify({ S: JSON.stringify({ s3: { key, bucket, region, ...(version ? { version } : {}) } }) }),
    fromS3ObjectJson: (json: string) => (JSON.parse(json) as { s3: unknown }).s3,
  };
}
