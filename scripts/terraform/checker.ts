// The offline Terraform checker: what `terraform validate` would catch without a terraform binary
// or an AWS account, against the provider schemas extracted once from the CDK provider packages.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { codeOf, expressionReferences, formatDiagnosticFor, LineIndex, parseTerraformFile } from './hcl-source';
import type { Diagnostic, HclBody, HclValue, TerraformFile } from './hcl-source';
import { lintIam } from './iam-lint';
import { loadProviderSchemas } from './provider-schema';
import type { BlockSchema, NestedBlockSchema, ProviderSchemas } from './provider-schema';

export interface CheckOptions {
  /** The directory of *.tf files (one root module). */
  dir: string;
  /** Shown in diagnostics instead of absolute paths; defaults to process.cwd(). */
  relativeTo?: string;
  schemas?: ProviderSchemas;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  files: string[];
}

const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const LIFECYCLE_KEYS = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
const VARIABLE_KEYS = new Set(['type', 'default', 'description', 'sensitive', 'nullable', 'validation', 'ephemeral']);
const OUTPUT_KEYS = new Set(['value', 'description', 'sensitive', 'depends_on', 'precondition', 'ephemeral']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);
/** Built-in resources of Terraform itself (provider terraform.io/builtin/terraform). */
const BUILTIN: Record<string, BlockSchema> = {
  terraform_data: { a: { input: 'a', triggers_replace: 'a' }, c: ['id', 'output'] },
};
/** Functions reading files relative to the working directory; their path must exist. */
const FILE_FUNCTIONS = ['file', 'templatefile', 'filebase64', 'filemd5', 'filesha1', 'filesha256', 'filesha512'];
/** Arguments naming a path that must exist at plan time. */
const PATH_ARGUMENTS: Record<string, string[]> = {
  archive_file: ['source_dir', 'source_file'],
  aws_s3_object: ['source'],
};

interface Declarations {
  variables: Set<string>;
  locals: Set<string>;
  modules: Set<string>;
  /** type -> names, for resources and data sources */
  resources: Map<string, Set<string>>;
  data: Map<string, Set<string>>;
  providers: Map<string, { source?: string; version?: string; file: string; line: number }>;
  /** Addresses (aws_x.y, data.aws_x.y) with for_each or count: referring to them needs an index. */
  repeated: Map<string, 'for_each' | 'count'>;
  /** Each local value's expression, to follow `for_each = local.x` and `"${local.dir}/..."` paths. */
  localValues: Map<string, HclValue>;
}

interface Scope {
  tf: TerraformFile;
  lines: LineIndex;
  line: number;
  /** e.g. aws_s3_bucket.raw */
  address: string;
  /** Names valid as the first part of a reference here besides the global ones (each, count, dynamic iterators). */
  iterators: Set<string>;
  /**
   * Directories (path templates) of the fileset() calls this block's for_each iterates: a path
   * "<dir>/${each.value}" names a file fileset() found, so it exists whenever Terraform reads it.
   */
  filesetDirs?: string[];
}

export async function checkTerraform(options: CheckOptions): Promise<CheckResult> {
  const relativeTo = options.relativeTo ?? process.cwd();
  const schemas = options.schemas ?? loadProviderSchemas();
  const names = readdirSync(options.dir)
    .filter((name) => name.endsWith('.tf'))
    .sort();
  const diagnostics: Diagnostic[] = [];
  const files: TerraformFile[] = [];
  for (const name of names) {
    const absolute = path.join(options.dir, name);
    const shown = path.relative(relativeTo, absolute) || name;
    const text = readFileSync(absolute, 'utf8');
    const parsed = await parseTerraformFile(shown, text);
    if ('message' in parsed) {
      diagnostics.push(parsed);
      continue;
    }
    files.push(parsed);
    const unformatted = await formatDiagnosticFor(shown, text);
    if (unformatted) diagnostics.push(unformatted);
  }
  const checker = new Checker(options.dir, schemas, files, diagnostics);
  await checker.run();
  diagnostics.push(...lintIam({ files, dir: options.dir, relativeTo }));
  const unique = [
    ...new Map(
      diagnostics.map((diagnostic) => [`${diagnostic.file}:${diagnostic.line}:${diagnostic.message}`, diagnostic]),
    ).values(),
  ];
  unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    diagnostics: unique,
    files: names.map((name) => path.relative(relativeTo, path.join(options.dir, name)) || name),
  };
}

function bodies(value: HclValue | undefined): HclBody[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

function isBody(value: HclValue | undefined): value is HclBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isExpression(value: HclValue): boolean {
  return typeof value === 'string' && value.includes('${');
}

function closest(name: string, candidates: string[]): string | undefined {
  const extended = candidates.find((candidate) => name.length >= 4 && candidate !== name && candidate.startsWith(name));
  if (extended) return extended;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The provider a resource or data source type belongs to: the part before its first underscore. */
function providerOf(type: string): string {
  const underscore = type.indexOf('_');
  return underscore < 0 ? type : type.slice(0, underscore);
}

function editDistance(a: string, b: string): number {
  // One row of the table at a time; it has b.length + 1 entries, so every index below is in range.
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(current + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, candidates: string[]): string {
  const near = closest(name, candidates);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** Whether a literal fits an attribute type; expressions are not evaluated and always fit. */
function literalFits(value: HclValue, type: string): boolean {
  if (isExpression(value) || type === 'a') return true;
  if (type === 's') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (type === 'n')
    return (
      typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    );
  if (type === 'b') return typeof value === 'boolean' || value === 'true' || value === 'false';
  if (type.startsWith('l:')) return Array.isArray(value) && value.every((item) => literalFits(item, type.slice(2)));
  if (type.startsWith('m:'))
    return isBody(value) && Object.values(value).every((item) => literalFits(item, type.slice(2)));
  return true;
}

function typeName(type: string): string {
  if (type.startsWith('l:')) return `list of ${typeName(type.slice(2))}`;
  if (type.startsWith('m:')) return `map of ${typeName(type.slice(2))}`;
  return { s: 'string', n: 'number', b: 'bool', a: 'any' }[type] ?? type;
}

function describe(value: HclValue): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

class Checker {
  private readonly declared: Declarations = {
    variables: new Set(),
    locals: new Set(),
    modules: new Set(),
    resources: new Map(),
    data: new Map(),
    providers: new Map(),
    repeated: new Map(),
    localValues: new Map(),
  };
  private readonly pending: Array<Promise<void>> = [];

  constructor(
    private readonly dir: string,
    private readonly schemas: ProviderSchemas,
    private readonly files: TerraformFile[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Every object key in the JSON files this module reads, and in its own object literals. */
  private readonly dataKeys = new Set<string>();

  async run(): Promise<void> {
    for (const tf of this.files) this.declare(tf);
    this.collectDataKeys();
    for (const tf of this.files) this.checkFile(tf);
    this.checkProviderPins();
    await Promise.all(this.pending);
  }

  private report(scope: { tf: TerraformFile } | TerraformFile, line: number, message: string): void {
    const file = 'tf' in scope ? scope.tf.file : scope.file;
    this.diagnostics.push({ file, line, message });
  }

  private declare(tf: TerraformFile): void {
    const lines = new LineIndex(tf.text);
    for (const name of Object.keys(tf.json.variable ?? {})) this.declared.variables.add(name);
    for (const body of bodies(tf.json.locals)) {
      for (const [name, value] of Object.entries(body)) {
        this.declared.locals.add(name);
        this.declared.localValues.set(name, value);
      }
    }
    for (const name of Object.keys(tf.json.module ?? {})) this.declared.modules.add(name);
    for (const [kind, into] of [
      ['resource', this.declared.resources],
      ['data', this.declared.data],
    ] as const) {
      for (const [type, named] of Object.entries((tf.json[kind] ?? {}) as HclBody)) {
        for (const name of Object.keys(named as HclBody)) {
          const seen = into.get(type) ?? new Set<string>();
          if (seen.has(name))
            this.report(
              tf,
              lines.block([kind, type, name]),
              `${kind === 'data' ? 'data.' : ''}${type}.${name} is declared twice`,
            );
          seen.add(name);
          into.set(type, seen);
          const body = bodies((named as HclBody)[name])[0];
          const repeated = body && 'for_each' in body ? 'for_each' : body && 'count' in body ? 'count' : null;
          if (repeated) this.declared.repeated.set(`${kind === 'data' ? 'data.' : ''}${type}.${name}`, repeated);
        }
      }
    }
    for (const terraform of bodies(tf.json.terraform)) {
      for (const required of bodies(terraform.required_providers)) {
        for (const [name, spec] of Object.entries(required)) {
          if (!isBody(spec)) continue;
          this.declared.providers.set(name, {
            source: typeof spec.source === 'string' ? spec.source : undefined,
            version: typeof spec.version === 'string' ? spec.version : undefined,
            file: tf.file,
            line: lines.member(lines.block(['terraform']), name),
          });
        }
      }
    }
  }

  /** Every provider used is pinned to exactly the version its schema was extracted from. */
  private checkProviderPins(): void {
    const used = new Set<string>();
    for (const kind of [this.declared.resources, this.declared.data])
      for (const type of kind.keys()) if (!BUILTIN[type]) used.add(providerOf(type));
    for (const name of used) {
      const schema = this.schemas.providers[name];
      const pin = this.declared.providers.get(name);
      if (!schema) continue;
      if (!pin) {
        const tf = this.files[0];
        if (tf)
          this.report(
            tf,
            1,
            `provider "${name}" is used but not in terraform { required_providers }; pin it to "${schema.version}" (${schema.source})`,
          );
        continue;
      }
      const version = pin.version?.replace(/^=\s*/, '').trim();
      if (version !== schema.version) {
        this.diagnostics.push({
          file: pin.file,
          line: pin.line,
          message: `provider "${name}" must be pinned to exactly "${schema.version}", the version the checker's schema comes from (got ${JSON.stringify(pin.version ?? null)}); to move, regenerate it with scripts/terraform/extract-provider-schema.ts`,
        });
      }
      if (
        pin.source !== undefined &&
        pin.source !== schema.source &&
        pin.source !== `registry.terraform.io/${schema.source}`
      ) {
        this.diagnostics.push({
          file: pin.file,
          line: pin.line,
          message: `provider "${name}" source is "${pin.source}", the schema is for "${schema.source}"`,
        });
      }
    }
  }

  private schemaFor(kind: 'resource' | 'data', type: string): BlockSchema | undefined {
    if (kind === 'resource' && BUILTIN[type]) return BUILTIN[type];
    const provider = this.schemas.providers[providerOf(type)];
    return kind === 'resource' ? provider?.resources[type] : provider?.dataSources[type];
  }

  private checkFile(tf: TerraformFile): void {
    const lines = new LineIndex(tf.text);
    const known = new Set([
      'terraform',
      'variable',
      'locals',
      'output',
      'resource',
      'data',
      'module',
      'provider',
      'moved',
      'import',
      'check',
      'removed',
    ]);
    for (const [block, value] of Object.entries(tf.json)) {
      if (!known.has(block)) this.report(tf, lines.find(1, block), `unknown top-level block "${block}"`);
      void value;
    }
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, named] of Object.entries((tf.json[kind] ?? {}) as HclBody)) {
        for (const [name, value] of Object.entries(named as HclBody)) {
          const line = lines.block([kind, type, name]);
          const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          const schema = this.schemaFor(kind, type);
          for (const body of bodies(value)) {
            const iterators = new Set<string>();
            if ('for_each' in body) iterators.add('each');
            if ('count' in body) iterators.add('count');
            const scope: Scope = {
              tf,
              lines,
              line,
              address,
              iterators,
              filesetDirs: 'for_each' in body ? this.filesetDirs(body.for_each) : undefined,
            };
            if (!schema) {
              const provider = this.schemas.providers[providerOf(type)];
              const candidates = provider
                ? Object.keys(kind === 'resource' ? provider.resources : provider.dataSources)
                : [];
              this.report(
                tf,
                line,
                `${address}: unknown ${kind === 'data' ? 'data source' : 'resource'} type "${type}"${suggestion(type, candidates)}`,
              );
              this.visitExpressions(body, scope);
              continue;
            }
            this.checkBody(body, schema, scope, true, address);
            for (const argument of PATH_ARGUMENTS[type] ?? []) {
              const given = body[argument];
              if (typeof given === 'string') this.checkPathTemplate(given, scope, `${argument} "${given}"`);
            }
          }
        }
      }
    }
    for (const [name, value] of Object.entries((tf.json.variable ?? {}) as HclBody)) {
      const line = lines.block(['variable', name]);
      for (const body of bodies(value)) {
        for (const key of Object.keys(body))
          if (!VARIABLE_KEYS.has(key))
            this.report(
              tf,
              lines.member(line, key),
              `variable "${name}": unknown argument "${key}"${suggestion(key, [...VARIABLE_KEYS])}`,
            );
        for (const validation of bodies(body.validation))
          this.visitExpressions(validation, { tf, lines, line, address: `var.${name}`, iterators: new Set() });
      }
    }
    for (const [name, value] of Object.entries((tf.json.output ?? {}) as HclBody)) {
      const line = lines.block(['output', name]);
      for (const body of bodies(value)) {
        for (const key of Object.keys(body))
          if (!OUTPUT_KEYS.has(key))
            this.report(
              tf,
              lines.member(line, key),
              `output "${name}": unknown argument "${key}"${suggestion(key, [...OUTPUT_KEYS])}`,
            );
        if (!('value' in body)) this.report(tf, line, `output "${name}": the argument "value" is required`);
        this.visitExpressions(body, { tf, lines, line, address: `output.${name}`, iterators: new Set() });
      }
    }
    for (const body of bodies(tf.json.locals)) {
      for (const [name, value] of Object.entries(body)) {
        const line = lines.member(lines.find(1, 'locals {'), name);
        this.visitExpressions(value, { tf, lines, line, address: `local.${name}`, iterators: new Set() });
      }
    }
    for (const [name, value] of Object.entries((tf.json.module ?? {}) as HclBody)) {
      const line = lines.block(['module', name]);
      for (const body of bodies(value)) {
        if (typeof body.source !== 'string')
          this.report(tf, line, `module "${name}": the argument "source" is required`);
        else if (body.source.startsWith('./') || body.source.startsWith('../')) {
          if (!existsSync(path.join(this.dir, body.source)))
            this.report(tf, lines.member(line, 'source'), `module "${name}": source "${body.source}" does not exist`);
        }
        const iterators = new Set<string>(
          ['for_each' in body ? 'each' : '', 'count' in body ? 'count' : ''].filter(Boolean),
        );
        for (const [key, item] of Object.entries(body))
          if (!MODULE_META.has(key) || key === 'for_each' || key === 'count')
            this.visitExpressions(item, { tf, lines, line, address: `module.${name}`, iterators });
      }
    }
    for (const [name, value] of Object.entries((tf.json.provider ?? {}) as HclBody)) {
      const line = lines.block(['provider', name]);
      const schema = this.schemas.providers[name]?.provider;
      for (const body of bodies(value)) {
        const scope: Scope = { tf, lines, line, address: `provider.${name}`, iterators: new Set() };
        if (schema) this.checkBody(body, schema, scope, false, `provider "${name}"`);
        else this.report(tf, line, `provider "${name}" has no schema in scripts/terraform/provider-schemas.json.gz`);
      }
    }
  }

  /** One block body against its schema: unknown names, required ones, literal types, nested blocks, references. */
  private checkBody(body: HclBody, schema: BlockSchema, scope: Scope, topLevel: boolean, where: string): void {
    const present = new Set<string>(Object.keys(body));
    for (const [key, value] of Object.entries(body)) {
      const line = scope.lines.member(scope.line, key);
      if (topLevel && RESOURCE_META.has(key)) {
        if (key === 'lifecycle') {
          for (const lifecycle of bodies(value)) {
            for (const [name, item] of Object.entries(lifecycle)) {
              if (!LIFECYCLE_KEYS.has(name))
                this.report(
                  scope,
                  scope.lines.member(line, name),
                  `${where}: unknown lifecycle argument "${name}"${suggestion(name, [...LIFECYCLE_KEYS])}`,
                );
              // ignore_changes names this resource's own arguments, not references.
              else if (name !== 'ignore_changes') this.visitExpressions(item, scope);
            }
          }
        } else if (key === 'depends_on') {
          for (const item of Array.isArray(value) ? value : [value]) this.visitExpressions(item, scope);
        } else if (key !== 'provider') {
          this.visitExpressions(value, scope);
        }
        continue;
      }
      if (key === 'dynamic') {
        for (const [blockName, dynamics] of Object.entries(isBody(value) ? value : {})) {
          present.add(blockName);
          const nested = schema.b?.[blockName];
          if (!nested && schema.a[blockName] !== 'a') {
            this.report(
              scope,
              scope.lines.member(scope.line, blockName),
              `${where}: unknown block "${blockName}"${suggestion(blockName, [...Object.keys(schema.b ?? {}), ...Object.keys(schema.a)])}`,
            );
            continue;
          }
          for (const dynamic of bodies(dynamics)) {
            this.visitExpressions(dynamic.for_each ?? null, scope);
            // hcl2json gives a bare word as an expression: iterator = index -> "${index}".
            const iterator =
              typeof dynamic.iterator === 'string' ? dynamic.iterator.replace(/^\$\{(.*)\}$/, '$1') : blockName;
            const inner: Scope = {
              ...scope,
              line: scope.lines.member(scope.line, blockName),
              iterators: new Set([...scope.iterators, iterator]),
            };
            for (const content of bodies(dynamic.content)) {
              if (nested) this.checkBody(content, nested, inner, false, `${where}.${blockName}`);
              else this.visitExpressions(content, inner);
            }
          }
        }
        continue;
      }
      const nested = schema.b?.[key];
      if (nested) {
        this.checkNested(value, nested, { ...scope, line }, `${where}.${key}`);
        continue;
      }
      const type = schema.a[key];
      if (type === undefined) {
        this.report(
          scope,
          line,
          `${where}: unknown argument "${key}"${suggestion(key, [...Object.keys(schema.a), ...Object.keys(schema.b ?? {})])}`,
        );
        this.visitExpressions(value, scope);
        continue;
      }
      if (!literalFits(value, type))
        this.report(scope, line, `${where}: "${key}" must be a ${typeName(type)}, not ${describe(value)}`);
      this.visitExpressions(value, { ...scope, line });
    }
    for (const required of schema.r ?? []) {
      if (!present.has(required)) {
        const isBlock = schema.b?.[required] && !schema.b[required].o;
        this.report(scope, scope.line, `${where}: missing required ${isBlock ? 'block' : 'argument'} "${required}"`);
      }
    }
  }

  private checkNested(value: HclValue, nested: NestedBlockSchema, scope: Scope, where: string): void {
    if (isExpression(value)) {
      this.visitExpressions(value, scope);
      return;
    }
    const items = Array.isArray(value) ? value : [value];
    if (nested.k === '1' && !nested.o && items.length > 1)
      this.report(scope, scope.line, `${where}: at most one block is allowed, found ${items.length}`);
    for (const item of items) {
      if (isBody(item)) this.checkBody(item, nested, scope, false, where);
      else if (isExpression(item)) this.visitExpressions(item, scope);
      else this.report(scope, scope.line, `${where}: must be a block or object, not ${describe(item)}`);
    }
  }

  /** Every string under a value: its references resolve, and the files it reads exist. */
  private visitExpressions(value: HclValue, scope: Scope): void {
    if (typeof value === 'string') {
      if (!value.includes('${')) return;
      this.pending.push(this.checkReferences(value, scope));
      for (const [fn, template] of fileCalls(value)) this.checkPathTemplate(template, scope, `${fn}("${template}")`);
      return;
    }
    if (Array.isArray(value)) for (const item of value) this.visitExpressions(item, scope);
    else if (isBody(value)) {
      for (const [key, item] of Object.entries(value)) {
        // An object key can itself be an expression: `(local.x) = 1` comes through as "${local.x}".
        if (key.includes('${')) this.visitExpressions(key, scope);
        this.visitExpressions(item, scope);
      }
    }
  }

  /**
   * Terraform's own names are snake_case, so a camelCase or PascalCase step in a traversal
   * (each.value.visibilityTimeoutSeconds, local.table_definition.KeySchema) reads JSON data: the
   * field must exist in some JSON file the module reads (or in one of its own object literals).
   */
  private collectDataKeys(): void {
    const addKeys = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(addKeys);
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          this.dataKeys.add(key);
          addKeys(item);
        }
      }
    };
    const jsonFiles = new Set<string>();
    const walk = (dir: string, depth: number): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory() && depth > 0 && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
          walk(path.join(dir, entry.name), depth - 1);
        else if (entry.isFile() && entry.name.endsWith('.json')) jsonFiles.add(path.join(dir, entry.name));
      }
    };
    walk(this.dir, 1);
    const strings: string[] = [];
    const gather = (value: HclValue): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(gather);
      else if (isBody(value)) Object.values(value).forEach(gather);
    };
    for (const tf of this.files) {
      gather(tf.json);
      addKeys(tf.json);
    }
    for (const text of strings) {
      for (const [, template] of fileCalls(text)) {
        const file = path.resolve(this.dir, template.replace(/\$\{\s*path\.(module|root|cwd)\s*\}/g, this.dir));
        if (file.endsWith('.json') && !file.includes('${') && existsSync(file)) jsonFiles.add(file);
      }
      // Object literals inside expressions (merge(rule, { allowedOrigins = ... })).
      for (const match of codeOf(text).matchAll(/[{,]\s*([A-Za-z_][\w-]*)\s*=/g)) this.dataKeys.add(match[1]!);
    }
    for (const file of jsonFiles) {
      try {
        addKeys(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // Not JSON data Terraform reads; the file() check reports missing files.
      }
    }
  }

  private checkDataFields(expression: string, scope: Scope): void {
    for (const match of codeOf(expression).matchAll(
      /\.([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*)\b(?!\s*\()/g,
    )) {
      const field = match[1]!; // the pattern's alternatives are both inside group 1
      if (this.dataKeys.has(field)) continue;
      this.report(
        scope,
        scope.lines.find(scope.line, `.${field}`),
        `${scope.address}: no JSON file this module reads has a field "${field}"${suggestion(field, [...this.dataKeys])}`,
      );
    }
  }

  private async checkReferences(expression: string, scope: Scope): Promise<void> {
    this.checkDataFields(expression, scope);
    let references;
    try {
      references = await expressionReferences(scope.tf.file, expression);
    } catch (error) {
      this.report(
        scope,
        scope.line,
        `${scope.address}: cannot parse expression ${JSON.stringify(expression)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    for (const reference of references) {
      const problem = this.resolve(reference.value, reference.attributeAfterIndex, scope);
      if (problem)
        this.report(
          scope,
          scope.lines.find(scope.line, reference.value.split('.').slice(0, 2).join('.')),
          `${scope.address}: ${problem}`,
        );
    }
  }

  /** Null when the reference resolves, else the sentence saying why not. */
  private resolve(value: string, attributeAfterIndex: string | undefined, scope: Scope): string | null {
    const parts = value.split('.');
    // split() always gives a first part: the default only tells the type so.
    const [head = '', second] = parts;
    const named = (set: Set<string>, kind: string, prefix: string): string | null =>
      second !== undefined && set.has(second)
        ? null
        : `reference to undeclared ${kind} "${prefix}.${second}"${suggestion(second ?? '', [...set])}`;
    switch (head) {
      case 'var':
        return named(this.declared.variables, 'variable', 'var');
      case 'local':
        return named(this.declared.locals, 'local value', 'local');
      case 'module':
        return named(this.declared.modules, 'module', 'module');
      case 'path':
        return second !== undefined && ['module', 'root', 'cwd'].includes(second)
          ? null
          : `unknown reference "${value}" (path.module, path.root or path.cwd)`;
      case 'terraform':
        return second === 'workspace' ? null : `unknown reference "${value}"`;
      case 'self':
        return null;
      case 'each':
        if (!scope.iterators.has('each')) return `"${value}" used where there is no for_each`;
        return second !== undefined && ['key', 'value'].includes(second)
          ? null
          : `unknown reference "${value}" (each.key or each.value)`;
      case 'count':
        if (!scope.iterators.has('count')) return `"${value}" used where there is no count`;
        return second === 'index' ? null : `unknown reference "${value}" (count.index)`;
      case 'data': {
        const [, type, name] = parts;
        const attribute = attributeOf(parts.slice(3));
        if (type === undefined || name === undefined || !this.declared.data.get(type)?.has(name))
          return `reference to undeclared data source "data.${type}.${name}"${suggestion(
            `${type}.${name}`,
            [...this.declared.data].flatMap(([t, names]) => [...names].map((n) => `${t}.${n}`)),
          )}`;
        const unindexed = this.unindexed(`data.${type}.${name}`, parts[3]);
        if (unindexed) return unindexed;
        return this.checkAttribute(
          this.schemaFor('data', type),
          `data.${type}.${name}`,
          attribute ?? attributeAfterIndex,
        );
      }
      default: {
        if (scope.iterators.has(head)) return null;
        if (second === undefined) return `unknown reference "${value}"`;
        const type = head;
        const name = second;
        const attribute = attributeOf(parts.slice(2));
        if (!this.declared.resources.get(type)?.has(name)) {
          const all = [...this.declared.resources].flatMap(([t, names]) => [...names].map((n) => `${t}.${n}`));
          return `reference to undeclared resource "${type}.${name}"${suggestion(`${type}.${name}`, all)}`;
        }
        const unindexed = this.unindexed(`${type}.${name}`, parts[2]);
        if (unindexed) return unindexed;
        return this.checkAttribute(
          this.schemaFor('resource', type),
          `${type}.${name}`,
          attribute ?? attributeAfterIndex,
        );
      }
    }
  }

  /** `aws_x.y.arn` where aws_x.y has for_each/count: Terraform needs aws_x.y[key].arn. */
  private unindexed(address: string, next: string | undefined): string | null {
    const repeated = this.declared.repeated.get(address);
    if (!repeated || next === undefined || /^\d+$|^"/.test(next)) return null;
    return `${address} has ${repeated}: refer to one instance, ${address}[${repeated === 'count' ? '0' : 'each.key'}].${next}, or to them all (values(${address}))`;
  }

  private checkAttribute(
    schema: BlockSchema | undefined,
    address: string,
    attribute: string | undefined,
  ): string | null {
    if (!schema || attribute === undefined || /^\d+$|^"/.test(attribute)) return null;
    const names = [...Object.keys(schema.a), ...Object.keys(schema.b ?? {}), ...(schema.c ?? []), 'id'];
    return names.includes(attribute)
      ? null
      : `${address} has no attribute "${attribute}"${suggestion(attribute, names)}`;
  }

  /** A string local's template in place of `${local.x}` (a few levels deep), so paths built from locals are checked too. */
  private expandLocals(template: string, depth = 0): string {
    if (depth > 4) return template;
    return template.replace(/\$\{\s*local\.([A-Za-z_][\w-]*)\s*\}/g, (whole, name: string) => {
      const value = this.declared.localValues.get(name);
      // Only a template ("${path.module}/dir"); a computed value (jsondecode(...), a list) stays a wildcard.
      return typeof value === 'string' && isPathTemplate(value) ? this.expandLocals(value, depth + 1) : whole;
    });
  }

  /** The directory templates of the fileset() calls in a for_each expression, through `local.x` references. */
  private filesetDirs(forEach: HclValue, depth = 0): string[] {
    if (typeof forEach !== 'string' || depth > 4) return [];
    const quoted = templateCalls(forEach, ['fileset']).map(([, dir]) => this.expandLocals(dir));
    // fileset(local.dir, ...): the local's template stands for the directory.
    const named = [...forEach.matchAll(/\bfileset\(\s*local\.([A-Za-z_][\w-]*)\s*,/g)].map(([, name]) =>
      this.expandLocals(`\${local.${name}}`),
    );
    const direct = [...quoted, ...named].filter((dir) => !dir.includes('${local.'));
    const viaLocals = [...codeOf(forEach).matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)].flatMap(([, name]) =>
      this.filesetDirs(this.declared.localValues.get(name!) ?? null, depth + 1),
    );
    return [...direct, ...viaLocals];
  }

  /** A path template exists: ${path.module} is this directory, any other interpolation matches anything. */
  private checkPathTemplate(given: string, scope: Scope, what: string): void {
    const template = this.expandLocals(given);
    // fileset() lists only files that exist, and a missing directory lists none: a path it produced
    // (each.value/each.key under the same directory) is read only when it is there.
    const fromFileset = (scope.filesetDirs ?? []).some((dir) =>
      new RegExp(`^${escapeRegExp(dir)}/\\$\\{\\s*each\\.(value|key)\\s*\\}$`).test(template),
    );
    if (fromFileset) return;
    const pattern = template.replace(/\$\{\s*path\.(module|root|cwd)\s*\}/g, this.dir);
    if (!pattern.includes('${')) {
      const target = path.resolve(this.dir, pattern);
      if (!existsSync(target))
        this.report(
          scope,
          scope.lines.find(scope.line, given.slice(-20)),
          `${scope.address}: ${what}: ${path.relative(process.cwd(), target)} does not exist${hint(target)}`,
        );
      return;
    }
    const absolute = path.resolve(this.dir, pattern.replace(/\$\{[^}]*\}?/g, '\uE000'));
    if (!globExists(absolute))
      this.report(
        scope,
        scope.lines.find(scope.line, given.slice(-20)),
        `${scope.address}: ${what}: no file matches ${path.relative(process.cwd(), absolute).replace(/\uE000/g, '*')}${hint(absolute)}`,
      );
  }
}

/** The first attribute name after a resource address, skipping index keys ("x", 0). */
function attributeOf(rest: string[]): string | undefined {
  return rest.find((part) => !/^\d+$|^"/.test(part));
}

function hint(target: string): string {
  return target.split(path.sep).includes('build') ? ' (run npm run build first)' : '';
}

/** file("...")-style calls in an expression and their (possibly templated) path argument. */
export function fileCalls(expression: string): Array<[string, string]> {
  return templateCalls(expression, FILE_FUNCTIONS);
}

/** Literal text with only path.* and local.* interpolations: a path, not a computed value. */
function isPathTemplate(value: string): boolean {
  const interpolations = [...value.matchAll(/\$\{([^{}]*)\}/g)];
  const bare = value.replace(/\$\{[^{}]*\}/g, '');
  return (
    !bare.includes('${') &&
    interpolations.every(([, inner]) => /^\s*(path\.(module|root|cwd)|local\.[A-Za-z_][\w-]*)\s*$/.test(inner!))
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Calls of the named functions whose first argument is a quoted template, and that template. */
function templateCalls(expression: string, functions: string[]): Array<[string, string]> {
  const calls: Array<[string, string]> = [];
  const pattern = new RegExp(`\\b(${functions.join('|')})\\(\\s*"`, 'g');
  let match;
  while ((match = pattern.exec(expression))) {
    const template = readTemplate(expression, pattern.lastIndex);
    if (template !== null) calls.push([match[1]!, template]);
  }
  return calls;
}

/** The contents of a quoted HCL template starting at `start` (after the quote), nested ${...} included. */
function readTemplate(text: string, start: number): string | null {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '$' && text[index + 1] === '{') {
      depth += 1;
      index += 1;
    } else if (char === '}' && depth > 0) depth -= 1;
    else if (char === '"' && depth === 0) return text.slice(start, index);
    else if (char === '"' && depth > 0) {
      const inner = readTemplate(text, index + 1);
      if (inner === null) return null;
      index += inner.length + 1;
    }
  }
  return null;
}

/** Whether a path with U+E000 wildcards (each matching any run of characters, slashes included) matches a file. */
function globExists(pattern: string): boolean {
  const wildcard = pattern.indexOf('\uE000');
  const base = path.dirname(pattern.slice(0, wildcard + 1));
  if (!existsSync(base)) return false;
  const regex = new RegExp(
    `^${pattern
      .split('\uE000')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  const stack = [base];
  let visited = 0;
  while (stack.length && visited < 5000) {
    const dir = stack.pop() as string;
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === '.git') continue;
      visited += 1;
      const full = path.join(dir, entry);
      if (regex.test(full)) return true;
      if (statSync(full).isDirectory()) stack.push(full);
    }
  }
  return false;
}
