// terraform/lambda-permissions.json against the handlers' code: each Lambda role grants the actions
// of exactly the AWS calls its handler's bundle makes, plus what the Lambda service itself needs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './hcl-source';
import { CALL_ACTIONS, handlerCalls, repoRoot, RUNTIME_ACTIONS } from './sdk-calls';

export interface PermissionStatement {
  calls?: string[];
  runtime?: string;
  actions: string[];
  resources: string[];
  conditions?: unknown[];
}

export const PERMISSIONS_FILE = path.join('terraform', 'lambda-permissions.json');

export function loadLambdaPermissions(root = repoRoot): Record<string, PermissionStatement[]> {
  const file = JSON.parse(readFileSync(path.join(root, PERMISSIONS_FILE), 'utf8')) as Record<
    string,
    PermissionStatement[] | string
  >;
  return Object.fromEntries(
    Object.entries(file).filter((entry): entry is [string, PermissionStatement[]] => entry[0] !== '$comment'),
  );
}

/** The functions/<name>/ folders with a handler.ts, as scripts/build.ts bundles them. */
export function handlerNames(root = repoRoot): string[] {
  const dir = path.join(root, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'handler.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Queue consumers (terraform/queues.json), whose roles also poll their queue. */
export function queueConsumers(root = repoRoot): Set<string> {
  const queues = JSON.parse(readFileSync(path.join(root, 'terraform', 'queues.json'), 'utf8')) as Record<
    string,
    { consumer?: { function: string } }
  >;
  return new Set(
    Object.values(queues).flatMap((queue) =>
      typeof queue === 'object' && queue.consumer ? [queue.consumer.function] : [],
    ),
  );
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Every disagreement between the grants and the code, as diagnostics on the permissions file. */
export async function lambdaPermissionDiagnostics(root = repoRoot): Promise<Diagnostic[]> {
  const file = PERMISSIONS_FILE;
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const lineOf = (name: string): number => lines.findIndex((line) => line.includes(`"${name}":`)) + 1 || 1;
  const permissions = loadLambdaPermissions(root);
  const consumers = queueConsumers(root);
  const names = handlerNames(root);
  const diagnostics: Diagnostic[] = [];
  const report = (name: string, message: string): void => {
    diagnostics.push({ file, line: lineOf(name), message: `${name}: ${message}` });
  };
  for (const name of Object.keys(permissions))
    if (!names.includes(name)) report(name, `there is no functions/${name}/handler.ts`);
  for (const name of names) {
    const statements = permissions[name];
    if (!statements) {
      report(name, `functions/${name} has no grants here`);
      continue;
    }
    const { calls } = await handlerCalls(name, root);
    const listed = sorted(statements.flatMap((statement) => statement.calls ?? []));
    for (const call of calls.filter((call) => !listed.includes(call)))
      report(name, `the handler calls ${call} but no statement lists it`);
    for (const call of listed.filter((call) => !calls.includes(call)))
      report(name, `lists ${call}, which the handler no longer calls`);
    for (const call of calls) {
      const needed = CALL_ACTIONS[call];
      if (!needed) {
        report(name, `no IAM actions known for ${call}: add it to CALL_ACTIONS in scripts/terraform/sdk-calls.ts`);
        continue;
      }
      const granted = sorted(
        statements.filter((statement) => statement.calls?.includes(call)).flatMap((statement) => statement.actions),
      );
      const missing = needed.filter((action) => !granted.includes(action));
      if (missing.length && listed.includes(call))
        report(name, `${call} needs ${missing.join(', ')}, which no statement listing it grants`);
    }
    for (const [index, statement] of statements.entries()) {
      if (!statement.calls?.length && !statement.runtime)
        report(name, `statement ${index} names neither calls nor a runtime need`);
      const needed = statement.runtime
        ? RUNTIME_ACTIONS[statement.runtime]
        : sorted((statement.calls ?? []).flatMap((call) => CALL_ACTIONS[call] ?? []));
      if (statement.runtime && !needed)
        report(
          name,
          `statement ${index}: unknown runtime "${statement.runtime}" (${Object.keys(RUNTIME_ACTIONS).join(', ')})`,
        );
      const extra = statement.actions.filter((action) => !(needed ?? []).includes(action));
      if (extra.length)
        report(
          name,
          `statement ${index} grants ${extra.join(', ')}, which none of its ${statement.runtime ? 'runtime needs' : 'calls'} need`,
        );
    }
    const runtime = sorted(statements.flatMap((statement) => (statement.runtime ? [statement.runtime] : [])));
    const expected = consumers.has(name) ? ['cloudwatch-logs', 'sqs-event-source'] : ['cloudwatch-logs'];
    if (runtime.join() !== expected.join())
      report(
        name,
        `runtime grants are ${runtime.join(', ') || 'none'}; a ${consumers.has(name) ? 'queue consumer' : 'function'} needs ${expected.join(', ')}`,
      );
  }
  return diagnostics;
}
