// Checks an SDK input against an AWS service's published API model (botocore's service-2.json
// form), generically: member names, types, enums, min/max, lengths, patterns, list and map sizes
// and required members, walking the shapes from the operation's input. It reads nothing but the
// model it is given, so the tests and the local services can share it.

export interface ShapeRef {
  shape: string;
  /** The member's name on the wire (restJson: camelCase); the SDK input uses the member name. */
  locationName?: string;
  location?: string;
  idempotencyToken?: boolean;
  deprecated?: boolean;
}

interface Bounds {
  min?: number;
  max?: number;
}

export type Shape =
  | { type: 'structure'; members: Record<string, ShapeRef>; required?: string[]; exception?: boolean }
  | ({ type: 'list'; member: ShapeRef } & Bounds)
  | ({ type: 'map'; key: ShapeRef; value: ShapeRef } & Bounds)
  | ({ type: 'string'; enum?: string[]; pattern?: string } & Bounds)
  | ({ type: 'integer' | 'long' | 'double' | 'float' } & Bounds)
  | { type: 'boolean' | 'timestamp' | 'blob'; timestampFormat?: string };

export interface ServiceModel {
  /** Where this copy of the model came from (version, file, license). */
  source: string;
  metadata: { apiVersion: string; serviceId: string; protocol: string };
  operations: Record<string, { input: { shape: string } }>;
  shapes: Record<string, Shape>;
}

export type PathSegment =
  { type: 'member'; name: string; wireName: string } | { type: 'index'; index: number } | { type: 'key'; key: string };

export type ValueKind =
  'structure' | 'list' | 'map' | 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'blob';

export type Problem =
  | { type: 'unknown-member'; shape: string }
  | { type: 'missing-member'; shape: string }
  | { type: 'wrong-type'; expected: ValueKind; value: unknown }
  | { type: 'not-in-enum'; value: string; allowed: readonly string[] }
  | { type: 'below-minimum'; value: number; limit: number }
  | { type: 'above-maximum'; value: number; limit: number }
  | { type: 'too-short'; value: string; limit: number }
  | { type: 'too-long'; value: string; limit: number }
  | { type: 'pattern-mismatch'; value: string; pattern: string }
  | { type: 'too-few-items'; count: number; limit: number }
  | { type: 'too-many-items'; count: number; limit: number };

export interface ModelViolation {
  path: PathSegment[];
  problem: Problem;
}

const patterns = new Map<string, RegExp>();

/** The model's patterns are plain regular expressions (anchored where the model anchors them). */
export function compilePattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

function member(name: string, ref: ShapeRef): PathSegment {
  return { type: 'member', name, wireName: ref.locationName ?? name };
}

class Walker {
  readonly violations: ModelViolation[] = [];

  constructor(private readonly model: ServiceModel) {}

  private shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`The service model has no shape ${name}.`);
    return shape;
  }

  private report(path: PathSegment[], problem: Problem): void {
    this.violations.push({ path, problem });
  }

  private checkBounds(
    path: PathSegment[],
    bounds: Bounds,
    count: number,
    below: 'too-few-items' | 'below-minimum',
    above: 'too-many-items' | 'above-maximum',
  ): void {
    if (bounds.min !== undefined && count < bounds.min)
      this.report(
        path,
        below === 'too-few-items'
          ? { type: below, count, limit: bounds.min }
          : { type: below, value: count, limit: bounds.min },
      );
    if (bounds.max !== undefined && count > bounds.max)
      this.report(
        path,
        above === 'too-many-items'
          ? { type: above, count, limit: bounds.max }
          : { type: above, value: count, limit: bounds.max },
      );
  }

  check(shapeName: string, value: unknown, path: PathSegment[]): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        if (!isRecord(value)) return this.report(path, { type: 'wrong-type', expected: 'structure', value });
        for (const name of shape.required ?? []) {
          if (value[name] !== undefined) continue;
          const ref = shape.members[name];
          if (!ref) throw new Error(`The service model's ${shapeName} requires ${name}, a member it does not define.`);
          this.report([...path, member(name, ref)], { type: 'missing-member', shape: shapeName });
        }
        for (const [name, inner] of Object.entries(value)) {
          // The SDK leaves out members set to undefined, so they are absent, not wrong.
          if (inner === undefined) continue;
          const ref = shape.members[name];
          if (!ref)
            this.report([...path, { type: 'member', name, wireName: name }], {
              type: 'unknown-member',
              shape: shapeName,
            });
          else this.check(ref.shape, inner, [...path, member(name, ref)]);
        }
        return;
      }
      case 'list': {
        if (!Array.isArray(value)) return this.report(path, { type: 'wrong-type', expected: 'list', value });
        this.checkBounds(path, shape, value.length, 'too-few-items', 'too-many-items');
        value.forEach((item, index) =>
          this.checkPresent(shape.member.shape, item, [...path, { type: 'index', index }]),
        );
        return;
      }
      case 'map': {
        if (!isRecord(value)) return this.report(path, { type: 'wrong-type', expected: 'map', value });
        const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
        this.checkBounds(path, shape, entries.length, 'too-few-items', 'too-many-items');
        for (const [key, inner] of entries) {
          this.check(shape.key.shape, key, [...path, { type: 'key', key }]);
          this.checkPresent(shape.value.shape, inner, [...path, { type: 'key', key }]);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') return this.report(path, { type: 'wrong-type', expected: 'string', value });
        if (shape.enum && !shape.enum.includes(value))
          return this.report(path, { type: 'not-in-enum', value, allowed: shape.enum });
        if (shape.min !== undefined && value.length < shape.min)
          this.report(path, { type: 'too-short', value, limit: shape.min });
        if (shape.max !== undefined && value.length > shape.max)
          this.report(path, { type: 'too-long', value, limit: shape.max });
        if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value))
          this.report(path, { type: 'pattern-mismatch', value, pattern: shape.pattern });
        return;
      }
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value))
          return this.report(path, { type: 'wrong-type', expected: 'integer', value });
        return this.checkBounds(path, shape, value, 'below-minimum', 'above-maximum');
      case 'double':
      case 'float':
        if (typeof value !== 'number' || !Number.isFinite(value))
          return this.report(path, { type: 'wrong-type', expected: 'number', value });
        return this.checkBounds(path, shape, value, 'below-minimum', 'above-maximum');
      case 'boolean':
        if (typeof value !== 'boolean') this.report(path, { type: 'wrong-type', expected: 'boolean', value });
        return;
      case 'timestamp':
        if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number')
          this.report(path, { type: 'wrong-type', expected: 'timestamp', value });
        return;
      case 'blob':
        if (!(value instanceof Uint8Array) && typeof value !== 'string')
          this.report(path, { type: 'wrong-type', expected: 'blob', value });
        return;
    }
  }

  /** A list item or map value must be there: a hole or undefined is not a value. */
  private checkPresent(shapeName: string, value: unknown, path: PathSegment[]): void {
    const expected = this.shape(shapeName).type;
    if (value === undefined || value === null)
      this.report(path, {
        type: 'wrong-type',
        expected:
          expected === 'integer' || expected === 'long'
            ? 'integer'
            : expected === 'double' || expected === 'float'
              ? 'number'
              : expected,
        value,
      });
    else this.check(shapeName, value, path);
  }
}

/** Every way `input` breaks the model's rules for `operation`'s input, in document order. */
export function validateOperationInput(model: ServiceModel, operation: string, input: unknown): ModelViolation[] {
  const definition = model.operations[operation];
  if (!definition) throw new Error(`The service model has no operation ${operation}.`);
  const walker = new Walker(model);
  walker.check(definition.input.shape, input, []);
  return walker.violations;
}

/** The SDK form of a path: `Settings.OutputGroups[0].Outputs[1].VideoDescription.Height`. */
export function formatMemberPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (segment.type === 'index') return `[${segment.index}]`;
      if (segment.type === 'key') return `[${JSON.stringify(segment.key)}]`;
      return index === 0 ? segment.name : `.${segment.name}`;
    })
    .join('');
}

/** The wire form of a path, as a JSON pointer of location names: `/settings/outputGroups/0/...`. */
export function formatWirePointer(path: readonly PathSegment[]): string {
  return path
    .map((segment) => {
      const part =
        segment.type === 'index' ? String(segment.index) : segment.type === 'key' ? segment.key : segment.wireName;
      return `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    })
    .join('');
}

function show(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

const KIND_NAMES: Record<ValueKind, string> = {
  structure: 'an object',
  list: 'a list',
  map: 'an object of named values',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  timestamp: 'a date',
  blob: 'binary data',
};

/** A sentence for a developer: `Settings.OutputGroups[0]...Height: 8 is below the minimum 32.` */
export function describeViolation(violation: ModelViolation): string {
  const where = formatMemberPath(violation.path) || 'The input';
  const { problem } = violation;
  const last = violation.path[violation.path.length - 1];
  const name = last?.type === 'member' ? last.name : '';
  switch (problem.type) {
    case 'unknown-member':
      return `${where}: ${problem.shape} has no member ${name}.`;
    case 'missing-member':
      return `${where}: is missing; ${problem.shape} requires ${name}.`;
    case 'wrong-type':
      return `${where}: ${show(problem.value)} is not ${KIND_NAMES[problem.expected]}.`;
    case 'not-in-enum':
      return `${where}: ${show(problem.value)} is not one of ${problem.allowed.join(', ')}.`;
    case 'below-minimum':
      return `${where}: ${problem.value} is below the minimum ${problem.limit}.`;
    case 'above-maximum':
      return `${where}: ${problem.value} is above the maximum ${problem.limit}.`;
    case 'too-short':
      return `${where}: ${show(problem.value)} is shorter than ${problem.limit} characters.`;
    case 'too-long':
      return `${where}: ${show(problem.value)} is longer than ${problem.limit} characters.`;
    case 'pattern-mismatch':
      return `${where}: ${show(problem.value)} does not match ${problem.pattern}.`;
    case 'too-few-items':
      return `${where}: has ${problem.count} items, fewer than the minimum ${problem.limit}.`;
    case 'too-many-items':
      return `${where}: has ${problem.count} items, more than the maximum ${problem.limit}.`;
  }
}
