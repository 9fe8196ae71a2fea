// Extracts the Terraform provider schemas the offline checker needs from the `.jsii` manifests of
// the prebuilt CDK provider packages, into scripts/terraform/provider-schemas.json.gz (committed).
// The packages are big (the AWS one unpacks to ~480 MB), so they are never dependencies: this
// script `npm pack`s them into a temp dir, reads them once and deletes them.
//
//   npx tsx scripts/terraform/extract-provider-schema.ts            # the pinned versions below
//   npx tsx scripts/terraform/extract-provider-schema.ts --package aws=DIR --package archive=DIR   # unpacked already
//
// Bump a package here, rerun, then pin the printed provider version in terraform/versions.tf.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SCHEMA_FILE } from './provider-schema';
import type { AttributeType, BlockSchema, NestedBlockSchema, ProviderSchema, ProviderSchemas } from './provider-schema';

/** Local provider name -> the npm package carrying it. */
export const PROVIDER_PACKAGES: Record<string, string> = {
  aws: '@cdktn/provider-aws@25.7.0',
  archive: '@cdktf/provider-archive@11.0.1',
};

interface JsiiType {
  fqn: string;
  name: string;
  locationInModule?: { filename: string };
  kind: 'class' | 'interface' | 'enum';
  base?: string;
  interfaces?: string[];
  datatype?: boolean;
  docs?: { summary?: string; remarks?: string };
  initializer?: { parameters?: Array<{ name: string; type: JsiiTypeRef }> };
  properties?: JsiiProperty[];
}

interface JsiiProperty {
  name: string;
  type: JsiiTypeRef;
  optional?: boolean;
  static?: boolean;
  docs?: { summary?: string; remarks?: string };
}

interface JsiiTypeRef {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeRef };
  union?: { types: JsiiTypeRef[] };
}

interface JsiiAssembly {
  name: string;
  version: string;
  types: Record<string, JsiiType>;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The Terraform name in a property's "Docs at Terraform Registry: {@link ...#cors_rule X#cors_rule}". */
function terraformName(property: JsiiProperty): string {
  const text = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
  const match = /registry\.terraform\.io\/\S*#([A-Za-z0-9_-]+)\s/.exec(text);
  return match ? match[1]! : snakeCase(property.name);
}

class Extractor {
  private readonly sources = new Map<string, string>();

  constructor(
    private readonly assembly: JsiiAssembly,
    private readonly packageDir: string,
  ) {}

  /**
   * The Terraform names of a class's attributes, read from its compiled getters (the .jsii only has
   * camelCase, which does not round-trip: outputBase64Sha256 is output_base64sha256).
   */
  private attributeNames(type: JsiiType): string[] {
    const source = type.locationInModule?.filename.replace(/^src\//, 'lib/').replace(/\.ts$/, '.js');
    if (!source) return [];
    if (!this.sources.has(source)) this.sources.set(source, readFileSync(path.join(this.packageDir, source), 'utf8'));
    const text = this.sources.get(source) as string;
    const start = text.search(new RegExp(`^class ${type.name} extends`, 'm'));
    if (start < 0) throw new Error(`class ${type.name} not found in ${source}`);
    const next = text.slice(start + 1).search(/^class \w+ extends/m);
    const body = next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
    const names = new Set<string>();
    for (const match of body.matchAll(/this\.(?:get\w*Attribute|interpolationForAttribute)\('([\w-]+)'\)/g))
      names.add(match[1]!);
    for (const match of body.matchAll(/new [\w.]+\(this, "([\w-]+)"/g)) names.add(match[1]!);
    return [...names];
  }

  private type(fqn: string): JsiiType {
    const found = this.assembly.types[fqn];
    if (!found) throw new Error(`${fqn} is not in ${this.assembly.name}`);
    return found;
  }

  private unwrap(ref: JsiiTypeRef): JsiiTypeRef | null {
    if (!ref.union) return ref;
    const kept = ref.union.types.filter(
      (member) => member.fqn !== 'cdktn.IResolvable' && member.fqn !== 'cdktf.IResolvable',
    );
    return kept.length === 1 ? this.unwrap(kept[0]!) : null;
  }

  private isStruct(fqn: string | undefined): fqn is string {
    return fqn !== undefined && this.assembly.types[fqn]?.datatype === true;
  }

  private attributeType(ref: JsiiTypeRef): AttributeType {
    const type = this.unwrap(ref);
    if (!type) return 'a';
    if (type.primitive) return { string: 's', number: 'n', boolean: 'b' }[type.primitive] ?? 'a';
    if (type.collection)
      return `${type.collection.kind === 'array' ? 'l' : 'm'}:${this.attributeType(type.collection.elementtype)}`;
    return 'a';
  }

  private properties(fqn: string): JsiiProperty[] {
    const type = this.type(fqn);
    const inherited = (type.interfaces ?? [])
      .filter((parent) => parent.startsWith(`${this.assembly.name}.`))
      .flatMap((parent) => this.properties(parent));
    return [...inherited, ...(type.properties ?? []).filter((property) => !property.static)];
  }

  private readonly stack: string[] = [];

  /** A struct's schema, or null for a recursive one (wafv2 statements): those stay unchecked ('a'). */
  block(fqn: string): BlockSchema | null {
    if (this.stack.includes(fqn)) return null;
    this.stack.push(fqn);
    try {
      return this.blockOf(fqn);
    } finally {
      this.stack.pop();
    }
  }

  private blockOf(fqn: string): BlockSchema {
    const schema: BlockSchema = { a: {} };
    const required: string[] = [];
    for (const property of this.properties(fqn)) {
      const name = terraformName(property);
      const type = this.unwrap(property.type);
      const element = type?.collection?.kind === 'array' ? this.unwrap(type.collection.elementtype) : null;
      const structFqn = this.isStruct(type?.fqn) ? type.fqn : this.isStruct(element?.fqn) ? element.fqn : undefined;
      const nestedSchema = structFqn ? this.block(structFqn) : null;
      if (nestedSchema) {
        const nested: NestedBlockSchema = { k: type?.fqn ? '1' : 'l', ...nestedSchema };
        if (!/ block\.$/.test(property.docs?.summary ?? '')) nested.o = 1;
        (schema.b ??= {})[name] = nested;
      } else {
        schema.a[name] = structFqn ? 'a' : this.attributeType(property.type);
      }
      if (!property.optional) required.push(name);
    }
    if (required.length) schema.r = required.sort();
    return schema;
  }

  /** A resource, data source or provider class: its config's schema plus its computed attributes. */
  construct(type: JsiiType): BlockSchema {
    const configFqn = type.initializer?.parameters?.[2]?.type.fqn;
    const schema = (configFqn ? this.block(configFqn) : null) ?? { a: {} };
    const settable = new Set([...Object.keys(schema.a), ...Object.keys(schema.b ?? {})]);
    const computed = this.attributeNames(type).filter((name) => !settable.has(name));
    if (computed.length) schema.c = computed.sort();
    return schema;
  }

  provider(npmPackage: string): ProviderSchema {
    const result: ProviderSchema = {
      source: '',
      version: '',
      package: npmPackage,
      provider: { a: {} },
      resources: {},
      dataSources: {},
    };
    for (const type of Object.values(this.assembly.types)) {
      if (type.kind !== 'class') continue;
      const summary = type.docs?.summary ?? '';
      const base = type.base?.replace(/^cdktf\./, 'cdktn.');
      if (base === 'cdktn.TerraformProvider') {
        const match = /registry\.terraform\.io\/providers\/([\w-]+\/[\w-]+)\/([\w.-]+)\/docs/.exec(summary);
        if (!match) throw new Error(`No registry link in ${type.fqn}'s docs`);
        result.source = match[1]!;
        result.version = match[2]!;
        result.provider = this.construct(type);
        continue;
      }
      const kind =
        base === 'cdktn.TerraformResource' ? 'resources' : base === 'cdktn.TerraformDataSource' ? 'dataSources' : null;
      if (!kind) continue;
      const match = /\/docs\/(?:resources|data-sources)\/\S+ (\w+)\}/.exec(summary);
      if (!match) throw new Error(`No Terraform type name in ${type.fqn}'s docs`);
      result[kind][match[1]!] = this.construct(type);
    }
    return result;
  }
}

/** Reads an unpacked provider package: its .jsii manifest and its compiled lib/. */
export function extractProvider(packageDir: string, npmPackage: string): ProviderSchema {
  const assembly = JSON.parse(readFileSync(path.join(packageDir, '.jsii'), 'utf8')) as JsiiAssembly;
  return new Extractor(assembly, packageDir).provider(npmPackage);
}

function unpack(npmPackage: string, workDir: string): string {
  const tarball = execFileSync('npm', ['pack', npmPackage, '--silent', '--pack-destination', workDir], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop() as string;
  const into = path.join(workDir, tarball.replace(/\.tgz$/, ''));
  mkdirSync(into);
  execFileSync('tar', [
    'xzf',
    path.join(workDir, tarball),
    '-C',
    into,
    '--strip-components=1',
    'package/.jsii',
    'package/lib',
  ]);
  rmSync(path.join(workDir, tarball));
  return into;
}

function main(): void {
  const given = new Map<string, string>();
  const args = process.argv.slice(2);
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] !== '--package')
      throw new Error(`Unknown argument ${args[index]}; use --package NAME=DIR (an unpacked provider package)`);
    const [name, dir] = (args[index + 1] ?? '').split('=');
    if (!name || dir === undefined)
      throw new Error(`--package takes NAME=DIR (an unpacked provider package); got ${args[index + 1] ?? 'nothing'}`);
    given.set(name, dir);
    index += 1;
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'provider-schema-'));
  try {
    const schemas: ProviderSchemas = {
      $comment:
        'Generated by scripts/terraform/extract-provider-schema.ts from the .jsii manifests of the packages named here. Do not edit.',
      providers: {},
    };
    for (const [name, npmPackage] of Object.entries(PROVIDER_PACKAGES)) {
      const packageDir = given.get(name) ?? unpack(npmPackage, workDir);
      const schema = extractProvider(packageDir, npmPackage);
      schemas.providers[name] = schema;
      console.log(
        `${name}: ${schema.source} ${schema.version} from ${npmPackage}: ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.dataSources).length} data sources`,
      );
    }
    const gz = gzipSync(JSON.stringify(schemas), { level: 9 });
    writeFileSync(SCHEMA_FILE, gz);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${Math.round(gz.length / 1024)} KB)`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
