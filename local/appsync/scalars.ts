import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';

// AppSync's scalars, with the checks AppSync makes on input. Values travel as strings (or numbers
// for AWSTimestamp), exactly as AppSync serialises them.

function stringScalar(name: string, isValid: (value: string) => boolean, description: string): GraphQLScalarType {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !isValid(value)) {
      throw new GraphQLError(
        `Variable has an invalid value: '${String(value)}' is not a valid ${name} (${description}).`,
      );
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} literals must be strings.`);
      return check(ast.value);
    },
  });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{3,}$/;

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function isUrl(value: string): boolean {
  try {
    return new URL(value).protocol.length > 0;
  } catch {
    return false;
  }
}

function isIp(value: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/.test(value) || /^[0-9a-fA-F:]+(\/\d{1,3})?$/.test(value);
}

const AWSTimestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  serialize: (value) => Number(value),
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new GraphQLError('AWSTimestamp must be a whole number of seconds.');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('AWSTimestamp literals must be integers.');
    return Number(ast.value);
  },
});

export const appSyncScalars: Record<string, GraphQLScalarType> = {
  AWSDateTime: stringScalar(
    'AWSDateTime',
    (v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
    'an ISO 8601 date and time with an offset',
  ),
  AWSDate: stringScalar('AWSDate', (v) => ISO_DATE.test(v), 'an ISO 8601 date'),
  AWSTime: stringScalar('AWSTime', (v) => ISO_TIME.test(v), 'an ISO 8601 time'),
  AWSEmail: stringScalar('AWSEmail', (v) => EMAIL.test(v), 'an email address'),
  AWSJSON: stringScalar('AWSJSON', isJson, 'a JSON document in a string'),
  AWSURL: stringScalar('AWSURL', isUrl, 'a URL with a scheme'),
  AWSPhone: stringScalar('AWSPhone', (v) => PHONE.test(v), 'a phone number'),
  AWSIPAddress: stringScalar('AWSIPAddress', isIp, 'an IPv4 or IPv6 address'),
  AWSTimestamp,
};
