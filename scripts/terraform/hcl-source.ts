// Terraform files as the checker sees them: HashiCorp's own parser (hcl2json, wasm) for the
// structure, hclwrite's formatter for `terraform fmt`, and the raw text for line numbers (the JSON
// form carries none). Both come from CDK Terrain (@cdktn), the maintained fork of the CDKTF packages
// HashiCorp deprecated: the same Go code built to wasm, giving the same JSON, references and format.
import { createRequire } from 'node:module';

// Plain functions, not methods: they are taken off the module objects below.
interface Hcl2Json {
  parse: (filename: string, contents: string) => Promise<Record<string, unknown>>;
  getReferencesInExpression: (
    filename: string,
    expression: string,
  ) => Promise<Array<{ value: string; startPosition: number; endPosition: number }>>;
}

interface HclTools {
  format: (contents: string) => Promise<string>;
}

// Loaded untyped on purpose: the packages' typings pull `lib="dom"` into the whole program, which
// retypes fetch, Headers and Blob for every other file.
const load = createRequire(__filename);
const { parse, getReferencesInExpression } = load('@cdktn/hcl2json') as Hcl2Json;
const { format } = load('@cdktn/hcl-tools') as HclTools;

/** hcl2json's JSON form of one file. */
export async function parseHcl(file: string, text: string): Promise<HclBody> {
  return (await parse(file, text)) as HclBody;
}

export interface Diagnostic {
  /** Path as given to the checker (relative to the repo when run from it). */
  file: string;
  line: number;
  message: string;
}

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };
export type HclBody = { [key: string]: HclValue };

export interface TerraformFile {
  file: string;
  text: string;
  /** The hcl2json form: top-level block types -> labels -> arrays of bodies. */
  json: HclBody;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`;
}

/** Parses one file; a syntax error becomes a diagnostic at the line HCL names. */
export async function parseTerraformFile(file: string, text: string): Promise<TerraformFile | Diagnostic> {
  try {
    return { file, text, json: (await parse(file, text)) as HclBody };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression...]"
    const match = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^\]]*)/.exec(message);
    return { file, line: match ? Number(match[1]) : 1, message: `syntax error: ${match ? match[2]!.trim() : message}` };
  }
}

/** `terraform fmt` would change this file: the first line that differs. */
export async function formatDiagnosticFor(file: string, text: string): Promise<Diagnostic | null> {
  const formatted = await format(text);
  if (formatted === text) return null;
  const have = text.split('\n');
  const want = formatted.split('\n');
  let line = 0;
  while (line < have.length && have[line] === want[line]) line += 1;
  return {
    file,
    line: line + 1,
    message: `not formatted as terraform fmt would (expected "${(want[line] ?? '').trim()}"); run the formatter (npm run check:terraform -- --fix)`,
  };
}

export async function formatText(text: string): Promise<string> {
  return format(text);
}

export interface ExpressionReference {
  /** Dotted traversal as hcl2json gives it: aws_s3_bucket.raw.arn, local.x.0.y */
  value: string;
  /** The attribute named right after an index the traversal stopped at (x.y[each.key].arn -> arn). */
  attributeAfterIndex?: string;
}

/** The references in one template string (`"x-${var.a}"`), for-expression locals excluded. */
export async function expressionReferences(file: string, expression: string): Promise<ExpressionReference[]> {
  const found = await getReferencesInExpression(file, expression);
  const references: ExpressionReference[] = found.map((reference) => {
    const rest = expression.slice(reference.endPosition);
    const after = /^(?:\[[^\]]*\]|\.\*)\.([A-Za-z_][\w-]*)/.exec(rest);
    return after ? { value: reference.value, attributeAfterIndex: after[1] } : { value: reference.value };
  });
  // hcl2json drops a traversal indexed by a for-expression's variable (`[for n in x : aws_a.b[n].c]`):
  // find resource-shaped traversals in the expression's code (string literals removed) as well.
  const seen = new Set(
    references.map((reference) =>
      reference.value
        .split('.')
        .slice(0, reference.value.startsWith('data.') ? 3 : 2)
        .join('.'),
    ),
  );
  for (const match of codeOf(expression).matchAll(
    /(?<![\w.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g,
  )) {
    const value = match[1]!; // group 1 is mandatory, group 2 (the attribute) is not
    if (seen.has(value)) continue;
    seen.add(value);
    references.push(match[2] ? { value, attributeAfterIndex: match[2] } : { value });
  }
  return references;
}

/** The code inside a template's ${...} parts, with quoted strings blanked out. */
export function codeOf(template: string): string {
  let code = '';
  let depth = 0;
  let inString = false;
  for (let index = 0; index < template.length; index += 1) {
    const char = template[index];
    if (depth === 0) {
      if (char === '$' && template[index + 1] === '{') {
        depth = 1;
        index += 1;
        code += ' ';
      }
      continue;
    }
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') depth -= 1;
    code += depth === 0 ? ' ' : char;
  }
  return code;
}

/** Lines of `resource "type" "name" {` and friends, so diagnostics can point at the block. */
export class LineIndex {
  private readonly lines: string[];

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  /** The line of a top-level block with these labels, e.g. ['resource', 'aws_s3_bucket', 'raw']. */
  block(labels: string[]): number {
    const pattern = new RegExp(
      `^\\s*${labels.map((label, index) => (index === 0 ? escape(label) : `"${escape(label)}"`)).join('\\s+')}\\s*\\{`,
    );
    const index = this.lines.findIndex((line) => pattern.test(line));
    return index + 1 || 1;
  }

  /** The first line at or after `from` that sets `name =` or opens `name {` / `dynamic "name"`. */
  member(from: number, name: string): number {
    const pattern = new RegExp(`^\\s*(?:${escape(name)}\\s*[={]|dynamic\\s+"${escape(name)}")`);
    for (let index = from - 1; index < this.lines.length; index += 1) {
      if (pattern.test(this.lines[index]!)) return index + 1;
    }
    return from;
  }

  /** The first line at or after `from` containing `text`. */
  find(from: number, text: string): number {
    for (let index = Math.max(0, from - 1); index < this.lines.length; index += 1) {
      if (this.lines[index]!.includes(text)) return index + 1;
    }
    return from;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
