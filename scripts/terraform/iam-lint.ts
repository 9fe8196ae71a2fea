// IAM lint: least privilege that can be seen without evaluating Terraform. Policies are written as
// aws_iam_policy_document statements (or, for the per-Lambda grants, as data in terraform/*.json),
// so every action and resource is a literal this can read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineIndex } from './hcl-source';
import type { Diagnostic, HclBody, HclValue, TerraformFile } from './hcl-source';

/** Actions that support no resource-level permissions, so AWS requires Resource "*". */
export const STAR_RESOURCE_ACTIONS = new Set([
  'mediaconvert:DescribeEndpoints',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
]);

/** Condition keys that tie a service principal to one source resource or account. */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner'];

export interface Statement {
  file: string;
  line: number;
  where: string;
  actions: HclValue[];
  notActions: boolean;
  resources: HclValue[];
  notResources: boolean;
  principals: Array<{ type: string; identifiers: HclValue[] }>;
  conditionKeys: string[];
}

export interface IamLintOptions {
  files: TerraformFile[];
  dir: string;
  relativeTo: string;
}

function list(value: HclValue | undefined): HclValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function bodies(value: HclValue | undefined): HclBody[] {
  return list(value).filter(
    (item): item is HclBody => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

/** An HCL value as text: a string as written, anything else (a list, a number, nothing) as JSON. */
function text(value: HclValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function statementFrom(body: HclBody, file: string, line: number, where: string): Statement {
  return {
    file,
    line,
    where,
    actions: list(body.actions),
    notActions: 'not_actions' in body,
    resources: list(body.resources),
    notResources: 'not_resources' in body,
    principals: bodies(body.principals).map((principal) => ({
      type: text(principal.type),
      identifiers: list(principal.identifiers),
    })),
    conditionKeys: bodies(body.condition).map((condition) => text(condition.variable).toLowerCase()),
  };
}

/** Statements of every aws_iam_policy_document, static and dynamic. */
export function policyDocumentStatements(files: TerraformFile[]): Statement[] {
  const statements: Statement[] = [];
  for (const tf of files) {
    const lines = new LineIndex(tf.text);
    const documents = ((tf.json.data ?? {}) as HclBody).aws_iam_policy_document;
    for (const [name, value] of Object.entries((documents ?? {}) as HclBody)) {
      const start = lines.block(['data', 'aws_iam_policy_document', name]);
      for (const document of bodies(value)) {
        let from = start;
        for (const statement of bodies(document.statement)) {
          const line = lines.member(from, 'statement');
          statements.push(statementFrom(statement, tf.file, line, `data.aws_iam_policy_document.${name}`));
          from = line + 1;
        }
        for (const dynamic of bodies(((document.dynamic ?? {}) as HclBody).statement)) {
          for (const content of bodies(dynamic.content)) {
            statements.push(
              statementFrom(
                content,
                tf.file,
                lines.member(start, 'statement'),
                `data.aws_iam_policy_document.${name} (dynamic statement)`,
              ),
            );
          }
        }
      }
    }
  }
  return statements;
}

/** Statement-like objects ({ actions: [...] }) anywhere in the JSON files Terraform reads from this directory. */
export function jsonStatements(dir: string, relativeTo: string): Statement[] {
  const statements: Statement[] = [];
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.json'))) {
    const file = path.relative(relativeTo, path.join(dir, name)) || name;
    const text = readFileSync(path.join(dir, name), 'utf8');
    const lines = text.split('\n');
    const visit = (value: unknown, where: string): void => {
      if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${where}[${index}]`));
      else if (value && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if (Array.isArray(object.actions)) {
          const first = JSON.stringify(object.actions[0]);
          const line = lines.findIndex((candidate) => candidate.includes(first)) + 1 || 1;
          statements.push({
            file,
            line,
            where,
            actions: object.actions as HclValue[],
            notActions: 'notActions' in object,
            resources: Array.isArray(object.resources) ? (object.resources as HclValue[]) : [],
            notResources: 'notResources' in object,
            principals: [],
            conditionKeys: [],
          });
        }
        for (const [key, item] of Object.entries(object)) visit(item, where ? `${where}.${key}` : key);
      }
    };
    visit(JSON.parse(text), '');
  }
  return statements;
}

/** Inline jsonencode({...}) policies are not evaluated: only obvious wildcards are caught, so prefer aws_iam_policy_document. */
function inlinePolicyDiagnostics(files: TerraformFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const tf of files) {
    const lines = tf.text.split('\n');
    lines.forEach((text, index) => {
      if (/\b(Action|NotAction)\s*=\s*(\[[^\]]*"[^"]*\*[^"]*"|"[^"]*\*[^"]*")/.test(text)) {
        diagnostics.push({
          file: tf.file,
          line: index + 1,
          message: 'inline policy with a wildcard Action: name the exact actions (and prefer aws_iam_policy_document)',
        });
      }
      if (/\b(Resource)\s*=\s*(\[\s*"\*"|"\*")/.test(text)) {
        diagnostics.push({
          file: tf.file,
          line: index + 1,
          message: 'inline policy with Resource "*": name the resources (and prefer aws_iam_policy_document)',
        });
      }
    });
  }
  return diagnostics;
}

export function lintStatement(statement: Statement): Diagnostic[] {
  const problems: string[] = [];
  const literalActions = statement.actions.filter(
    (action): action is string => typeof action === 'string' && !action.includes('${'),
  );
  for (const action of literalActions) {
    if (action.includes('*')) problems.push(`wildcard action "${action}": name the exact actions`);
  }
  if (statement.notActions) problems.push('not_actions grants everything else: list the actions instead');
  if (statement.notResources) problems.push('not_resources grants every other resource: list the resources instead');
  const isAssumeRole =
    literalActions.length > 0 && literalActions.every((action) => action.startsWith('sts:AssumeRole'));
  for (const resource of statement.resources) {
    if (resource !== '*') continue;
    const needing = literalActions.filter((action) => !STAR_RESOURCE_ACTIONS.has(action));
    if (needing.length || literalActions.length !== statement.actions.length) {
      problems.push(
        `resource "*" for ${needing.length ? needing.join(', ') : 'actions computed at plan time'}: only ${[...STAR_RESOURCE_ACTIONS].join(', ')} may use "*" (AWS offers no resource-level permission for them); move them to a statement of their own`,
      );
    }
  }
  for (const principal of statement.principals) {
    if (principal.identifiers.includes('*')) problems.push(`principal ${principal.type} "*": name the principal`);
    if (
      principal.type === 'Service' &&
      !isAssumeRole &&
      !statement.conditionKeys.some((key) => SOURCE_KEYS.includes(key))
    ) {
      problems.push(
        `service principal ${principal.identifiers.map(text).join(', ')} without an aws:SourceArn (or aws:SourceAccount) condition: any resource of that service in any account could use this grant`,
      );
    }
  }
  return problems.map((message) => ({
    file: statement.file,
    line: statement.line,
    message: `${statement.where}: ${message}`,
  }));
}

export function lintIam(options: IamLintOptions): Diagnostic[] {
  const statements = [...policyDocumentStatements(options.files), ...jsonStatements(options.dir, options.relativeTo)];
  return [...statements.flatMap(lintStatement), ...inlinePolicyDiagnostics(options.files)];
}
