// Extracts the part of MediaConvert's published API model that CreateJob's input uses, from a
// botocore service-2.json, into local/mediaconvert/model/ (committed). Both the job-settings
// tests and the local MediaConvert read it, so neither depends on Python's botocore being
// installed. Documentation strings are dropped; everything the validator reads is kept as is.
//
//   npx tsx scripts/extract-mediaconvert-model.ts --source "botocore 1.43.67" [SERVICE_2_JSON]
//
// SERVICE_2_JSON defaults to Debian's python3-botocore copy. A newer botocore (its
// botocore/data/mediaconvert/2017-08-29/service-2.json) gives a newer model; say which in --source.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './lib/cli-error';
import { MODEL_FILE } from '../local/mediaconvert';
import type { ServiceModel, Shape } from '../local/mediaconvert';

const DEBIAN_MODEL = '/usr/lib/python3/dist-packages/botocore/data/mediaconvert/2017-08-29/service-2.json';
const OPERATION = 'CreateJob';
const DROPPED_KEYS = new Set(['documentation', 'deprecatedMessage']);

function withoutDocs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutDocs) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !DROPPED_KEYS.has(key))
        .map(([key, inner]) => [key, withoutDocs(inner)]),
    ) as T;
  }
  return value;
}

/** The shapes reachable from `root`, by name, sorted so a new botocore gives a readable diff. */
export function reachableShapes(shapes: Record<string, Shape>, root: string): Record<string, Shape> {
  const reachable = new Map<string, Shape>();
  const visit = (name: string): void => {
    if (reachable.has(name)) return;
    const shape = shapes[name];
    if (!shape) throw new CliError(`The model names a shape ${name} it does not define.`);
    reachable.set(name, shape);
    if (shape.type === 'structure') for (const member of Object.values(shape.members)) visit(member.shape);
    if (shape.type === 'list') visit(shape.member.shape);
    if (shape.type === 'map') {
      visit(shape.key.shape);
      visit(shape.value.shape);
    }
  };
  visit(root);
  // Names are unique: this is the plain string order sort() gives.
  const byName = ([a]: [string, Shape], [b]: [string, Shape]) => (a < b ? -1 : 1);
  return Object.fromEntries([...reachable].sort(byName).map(([name, shape]) => [name, withoutDocs(shape)]));
}

/** One shape per line: small enough to review, and a model update diffs shape by shape. */
function formatModel(model: ServiceModel): string {
  const shapeLines = Object.entries(model.shapes).map(
    ([name, shape]) => `    ${JSON.stringify(name)}: ${JSON.stringify(shape)}`,
  );
  return [
    '{',
    `  "source": ${JSON.stringify(model.source)},`,
    `  "metadata": ${JSON.stringify(model.metadata)},`,
    `  "operations": ${JSON.stringify(model.operations)},`,
    '  "shapes": {',
    shapeLines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const sourceIndex = args.indexOf('--source');
  if (sourceIndex < 0 || !args[sourceIndex + 1])
    throw new CliError('Say where the model comes from: --source "botocore 1.43.67".');
  const source = args[sourceIndex + 1];
  const file = args.filter((_arg, index) => index !== sourceIndex && index !== sourceIndex + 1)[0] ?? DEBIAN_MODEL;
  const full = JSON.parse(readFileSync(file, 'utf8')) as {
    metadata: ServiceModel['metadata'];
    operations: Record<string, { input: { shape: string } }>;
    shapes: Record<string, Shape>;
  };
  const operation = full.operations[OPERATION];
  if (!operation) throw new CliError(`${file} has no ${OPERATION} operation: is it MediaConvert's service-2.json?`);
  const model: ServiceModel = {
    source: `${source}: botocore/data/mediaconvert/2017-08-29/service-2.json, shapes reachable from ${OPERATION}'s input, without documentation. Apache-2.0, Copyright Amazon.com, Inc. or its affiliates.`,
    metadata: {
      apiVersion: full.metadata.apiVersion,
      serviceId: full.metadata.serviceId,
      protocol: full.metadata.protocol,
    },
    operations: { [OPERATION]: { input: operation.input } },
    shapes: reachableShapes(full.shapes, operation.input.shape),
  };
  writeFileSync(MODEL_FILE, formatModel(model));
  console.log(`${path.relative(process.cwd(), MODEL_FILE)}: ${Object.keys(model.shapes).length} shapes from ${file}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof CliError ? error.message : error);
    process.exit(1);
  }
}
