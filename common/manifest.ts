// resolvers/manifest.json: the one table that wires the API, read by terraform/, by the build
// (which bundles the code files it names) and by local/appsync (which runs them).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type DataSourceDefinition =
  { type: 'AMAZON_DYNAMODB'; table: string } | { type: 'AWS_LAMBDA'; function: string } | { type: 'NONE' };

export interface FunctionDefinition {
  dataSource: string;
  code: string;
}

export type ResolverDefinition =
  { kind: 'UNIT'; dataSource: string; code: string } | { kind: 'PIPELINE'; functions: string[]; code: string };

export interface Manifest {
  dataSources: Record<string, DataSourceDefinition>;
  functions: Record<string, FunctionDefinition>;
  resolvers: Record<string, ResolverDefinition>;
}

export const repoRoot = path.resolve(__dirname, '..');

export function loadManifest(file = path.join(repoRoot, 'resolvers', 'manifest.json')): Manifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  validateManifest(manifest);
  return manifest;
}

/** Every code file the manifest names, once. */
export function resolverCodePaths(manifest: Manifest): string[] {
  const files = [
    ...Object.values(manifest.resolvers).map((resolver) => resolver.code),
    ...Object.values(manifest.functions).map((fn) => fn.code),
  ];
  return [...new Set(files)];
}

/** Where the build writes the bundle of a code file the manifest names. */
export function builtCodePath(codeFile: string): string {
  return path.join(repoRoot, 'build', codeFile.replace(/\.ts$/, '.js'));
}

function validateManifest(manifest: Manifest): void {
  const problems: string[] = [];
  for (const [name, fn] of Object.entries(manifest.functions)) {
    if (!manifest.dataSources[fn.dataSource]) problems.push(`function ${name}: unknown data source ${fn.dataSource}`);
  }
  for (const [field, resolver] of Object.entries(manifest.resolvers)) {
    if (resolver.kind === 'UNIT' && !manifest.dataSources[resolver.dataSource]) {
      problems.push(`resolver ${field}: unknown data source ${resolver.dataSource}`);
    }
    if (resolver.kind === 'PIPELINE') {
      for (const fn of resolver.functions) {
        if (!manifest.functions[fn]) problems.push(`resolver ${field}: unknown function ${fn}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`resolvers/manifest.json is inconsistent:\n  ${problems.join('\n  ')}`);
  }
}
