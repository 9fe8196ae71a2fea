import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { formatWirePointer, validateOperationInput } from '../lib/service-model';
import type { ModelViolation, ServiceModel } from '../lib/service-model';

// CreateJob's input checked against MediaConvert's published API model (a trimmed botocore copy,
// see api-model/README.md): what AWS's API refuses with BadRequestException before any job runs.

export const MODEL_FILE = path.join(__dirname, 'api-model', 'mediaconvert-2017-08-29.json');

let model: ServiceModel | undefined;

export function loadMediaConvertModel(): ServiceModel {
  model ??= JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ServiceModel;
  return model;
}

/** Every way the request breaks the model, with SDK member paths (`Settings.OutputGroups[0]...`). */
export function checkCreateJobRequest(request: CreateJobRequest): ModelViolation[] {
  return validateOperationInput(loadMediaConvertModel(), 'CreateJob', request);
}

const KIND_WORDS = {
  structure: 'object',
  list: 'array',
  map: 'object',
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  timestamp: 'string',
  blob: 'string',
} as const;

/**
 * One violation as MediaConvert words it: a JSON pointer into the settings document, then the
 * rule (`/outputGroups/0/outputs: Should have at least 1 items`, `/outputGroups/0/outputs/0:
 * containerSettings is a required property`, `.../videoDescription/width: Should be greater than
 * or equal to 32` are AWS's own; the rest follow the same pattern). A missing top-level member is
 * `The 'role' field is required.`, as AWS says it.
 */
export function formatAwsMessage(violation: ModelViolation): string {
  const { problem } = violation;
  const [first, ...rest] = violation.path;
  const underSettings = first?.type === 'member' && first.name === 'Settings';
  const location = underSettings ? formatWirePointer(rest) || '/' : formatWirePointer(violation.path).slice(1);
  if (problem.type === 'missing-member') {
    const last = violation.path[violation.path.length - 1];
    const wireName = last?.type === 'member' ? last.wireName : '';
    if (violation.path.length === 1) return `The '${wireName}' field is required.`;
    const parent = underSettings
      ? formatWirePointer(rest.slice(0, -1)) || '/'
      : formatWirePointer(violation.path.slice(0, -1)).slice(1);
    return `${parent}: ${wireName} is a required property`;
  }
  const rule = (() => {
    switch (problem.type) {
      case 'unknown-member':
        return 'Should NOT have additional properties';
      case 'wrong-type':
        return `Should be ${KIND_WORDS[problem.expected]}`;
      case 'not-in-enum':
        return `Should be equal to one of the allowed values: ${problem.allowed.join(', ')}`;
      case 'below-minimum':
        return `Should be greater than or equal to ${problem.limit}`;
      case 'above-maximum':
        return `Should be less than or equal to ${problem.limit}`;
      case 'too-short':
        return `Should NOT be shorter than ${problem.limit} characters`;
      case 'too-long':
        return `Should NOT be longer than ${problem.limit} characters`;
      case 'pattern-mismatch':
        return `Should match pattern "${problem.pattern}"`;
      case 'too-few-items':
        return `Should have at least ${problem.limit} items`;
      case 'too-many-items':
        return `Should have at most ${problem.limit} items`;
    }
  })();
  return `${location}: ${rule}`;
}
