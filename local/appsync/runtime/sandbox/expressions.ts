import { toDynamoDB } from './dynamodb-values';
import type { Typed } from './dynamodb-values';

// Expression builders: the filter/condition objects of util.transform and of the dynamodb module
// turned into {expression, expressionNames, expressionValues}.

export interface Expression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, Typed>;
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

interface Built {
  parts: string[];
  names: Record<string, string>;
  values: Record<string, Typed>;
}

function nameOf(field: string): string {
  return `#${field}`;
}

function joined(built: Built, joiner: string): string {
  return built.parts.length > 1 ? `(${built.parts.join(` ${joiner} `)})` : (built.parts[0] ?? '');
}

/**
 * util.transform.toDynamoDBFilterExpression / toDynamoDBConditionExpression: every comparison in
 * parentheses, values named `:<prefix><field>_<op>` (AWS: `(contains(#title,:title_contains))`).
 */
export function buildTransformExpression(filter: Record<string, unknown>, prefix = ''): Built {
  const built: Built = { parts: [], names: {}, values: {} };
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (key === 'and' || key === 'or') {
      const members = (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
      const inner: Built = { parts: [], names: {}, values: {} };
      members.forEach((member, index) => {
        const sub = buildTransformExpression(member, `${prefix}${key}_${index}_`);
        inner.parts.push(joined(sub, 'AND'));
        Object.assign(inner.names, sub.names);
        Object.assign(inner.values, sub.values);
      });
      built.parts.push(`(${inner.parts.join(key === 'and' ? ' AND ' : ' OR ')})`);
      Object.assign(built.names, inner.names);
      Object.assign(built.values, inner.values);
    } else if (key === 'not') {
      const sub = buildTransformExpression(value as Record<string, unknown>, `${prefix}not_`);
      built.parts.push(`(NOT ${joined(sub, 'AND')})`);
      Object.assign(built.names, sub.names);
      Object.assign(built.values, sub.values);
    } else {
      built.names[nameOf(key)] = key;
      for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
        const valueName = `:${prefix}${key}_${op}`;
        const field = nameOf(key);
        if (op in COMPARISONS) {
          built.parts.push(`(${field} ${COMPARISONS[op]} ${valueName})`);
          built.values[valueName] = toDynamoDB(operand);
        } else if (op === 'contains' || op === 'notContains' || op === 'beginsWith') {
          const fn = op === 'beginsWith' ? 'begins_with' : 'contains';
          built.parts.push(`(${op === 'notContains' ? 'NOT ' : ''}${fn}(${field},${valueName}))`);
          built.values[valueName] = toDynamoDB(operand);
        } else if (op === 'between') {
          const [low, high] = operand as unknown[];
          built.parts.push(`(${field} BETWEEN ${valueName}_0 AND ${valueName}_1)`);
          built.values[`${valueName}_0`] = toDynamoDB(low);
          built.values[`${valueName}_1`] = toDynamoDB(high);
        } else if (op === 'in') {
          const list = operand as unknown[];
          const nameAt = (index: number) => `${valueName}_${index}`;
          built.parts.push(`(${field} IN (${list.map((_, index) => nameAt(index)).join(',')}))`);
          list.forEach((item, index) => (built.values[nameAt(index)] = toDynamoDB(item)));
        } else if (op === 'attributeExists') {
          built.parts.push(`(${operand ? 'attribute_exists' : 'attribute_not_exists'}(${field}))`);
        } else if (op === 'attributeType') {
          built.parts.push(`(attribute_type(${field},${valueName}))`);
          built.values[valueName] = toDynamoDB(operand);
        } else {
          throw new Error(`Unsupported filter operator '${op}' on field '${key}'`);
        }
      }
    }
  }
  if (built.parts.length > 1) built.parts = [built.parts.join(' AND ')];
  return built;
}

export function transformExpression(filter: Record<string, unknown>): Expression {
  const built = buildTransformExpression(filter);
  return { expression: built.parts.join(' AND '), expressionNames: built.names, expressionValues: built.values };
}

/**
 * The dynamodb module's query/filter/condition objects: `#field = :field` for eq (as AWS's
 * module writes key conditions), other operators suffixed, joined with AND.
 */
export function moduleExpression(input: Record<string, unknown>, prefix = ''): Expression {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, Typed> = {};
  const add = (sub: Expression) => {
    Object.assign(names, sub.expressionNames);
    Object.assign(values, sub.expressionValues);
    return sub.expression;
  };
  for (const [key, value] of Object.entries(input ?? {})) {
    if (key === 'and' || key === 'or') {
      const members = (value as Array<Record<string, unknown>>).map((member, index) =>
        add(moduleExpression(member, `${prefix}${key}${index}_`)),
      );
      parts.push(`(${members.join(key === 'and' ? ' AND ' : ' OR ')})`);
      continue;
    }
    if (key === 'not') {
      parts.push(`NOT (${add(moduleExpression(value as Record<string, unknown>, `${prefix}not_`))})`);
      continue;
    }
    const field = `#${key}`;
    names[field] = key;
    for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
      const valueName = op === 'eq' ? `:${prefix}${key}` : `:${prefix}${key}_${op}`;
      if (op in COMPARISONS) {
        parts.push(`${field} ${COMPARISONS[op]} ${valueName}`);
        values[valueName] = toDynamoDB(operand);
      } else if (op === 'beginsWith') {
        parts.push(`begins_with(${field}, ${valueName})`);
        values[valueName] = toDynamoDB(operand);
      } else if (op === 'contains' || op === 'notContains') {
        parts.push(`${op === 'notContains' ? 'NOT ' : ''}contains(${field}, ${valueName})`);
        values[valueName] = toDynamoDB(operand);
      } else if (op === 'between') {
        const [low, high] = operand as unknown[];
        parts.push(`${field} BETWEEN ${valueName}_0 AND ${valueName}_1`);
        values[`${valueName}_0`] = toDynamoDB(low);
        values[`${valueName}_1`] = toDynamoDB(high);
      } else if (op === 'attributeExists') {
        parts.push(`${operand ? 'attribute_exists' : 'attribute_not_exists'}(${field})`);
      } else if (op === 'attributeType') {
        parts.push(`attribute_type(${field}, ${valueName})`);
        values[valueName] = toDynamoDB(operand);
      } else if (op === 'size') {
        const sub = moduleExpression({ [`${key}`]: operand }, `${prefix}size_`);
        parts.push(add(sub).replace(field, `size(${field})`));
      } else {
        throw new Error(`Unsupported operator '${op}' on field '${key}'`);
      }
    }
  }
  return { expression: parts.join(' AND '), expressionNames: names, expressionValues: values };
}
