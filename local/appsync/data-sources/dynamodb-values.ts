import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// AppSync's typed values (numbers may be JSON numbers, binaries base64 strings) to the SDK's
// AttributeValues, and DynamoDB items back to the plain JSON resolvers see.

type TypedValue = Record<string, unknown>;

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

export function toAttributeValue(value: unknown, where: string): AttributeValue {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingError(
      `${where} must be a DynamoDB typed value such as {"S": "text"}, got ${JSON.stringify(value)}`,
    );
  }
  const [type, inner] = Object.entries(value as TypedValue)[0] ?? [];
  switch (type) {
    case 'S':
      return { S: String(inner) };
    case 'N':
      return { N: String(inner) };
    case 'BOOL':
      return { BOOL: Boolean(inner) };
    case 'NULL':
      return { NULL: true };
    case 'B':
      return { B: Buffer.from(String(inner), 'base64') };
    case 'SS':
      return { SS: (inner as unknown[]).map(String) };
    case 'NS':
      return { NS: (inner as unknown[]).map(String) };
    case 'BS':
      return { BS: (inner as unknown[]).map((b) => Buffer.from(String(b), 'base64')) };
    case 'L':
      return { L: (inner as unknown[]).map((item, index) => toAttributeValue(item, `${where}[${index}]`)) };
    case 'M':
      return { M: toAttributeMap(inner, where) };
    default:
      throw new MappingError(`${where} has an unknown DynamoDB type ${JSON.stringify(type)}`);
  }
}

export function toAttributeMap(value: unknown, where: string): Record<string, AttributeValue> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new MappingError(`${where} must be an object of typed values`);
  const map: Record<string, AttributeValue> = {};
  for (const [name, typed] of Object.entries(value as Record<string, unknown>))
    map[name] = toAttributeValue(typed, `${where}.${name}`);
  return map;
}

export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return Buffer.from(value.B).toString('base64');
  if (value.SS !== undefined) return value.SS;
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.BS !== undefined) return value.BS.map((b) => Buffer.from(b).toString('base64'));
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.M !== undefined) return fromItem(value.M);
  return null;
}

export function fromItem(item: Record<string, AttributeValue> | undefined): Record<string, unknown> | null {
  if (!item) return null;
  const plain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) plain[name] = fromAttributeValue(value);
  return plain;
}
