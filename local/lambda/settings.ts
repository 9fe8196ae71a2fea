import { readFileSync } from 'node:fs';
import path from 'node:path';
import { functionLayerFile, handlerLocation } from './build-output';
import type { FunctionDefinition } from './runtime';

/** One Lambda of terraform/lambdas.json, the table terraform/lambda.tf reads too. */
export interface LambdaSettings {
  name: string;
  /** <module>.<export> in build/functions/<name>/. */
  handler: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** The layers Lambda unpacks under /opt. */
  layers: string[];
  /** The env vars whose values each home supplies. */
  environment: string[];
  /** Env vars naming a file of the function's layers by its /opt path: the same in both homes. */
  layerFiles: Record<string, string>;
  /** An EventBridge schedule expression that invokes the function. */
  schedule?: string;
}

/** Every field this home applies: a field of the table this list lacks stops the start. */
export const LAMBDA_SETTING_FIELDS = [
  'handler',
  'timeoutSeconds',
  'memorySizeMb',
  'layers',
  'environment',
  'layerFiles',
  'schedule',
] as const;

const LAMBDAS_FILE = path.resolve(__dirname, '..', '..', 'terraform', 'lambdas.json');

/** The Lambdas of terraform/lambdas.json. */
export function loadLambdaSettings(file = LAMBDAS_FILE): LambdaSettings[] {
  const table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, object | string>;
  return Object.entries(table)
    .filter(([name]) => !name.startsWith('$'))
    .map(([name, row]) => {
      const unknown = Object.keys(row).filter((field) => !(LAMBDA_SETTING_FIELDS as readonly string[]).includes(field));
      if (unknown.length)
        throw new Error(
          `terraform/lambdas.json: ${name} sets ${unknown.join(', ')}, which the local cloud does not apply (teach local/lambda/settings.ts).`,
        );
      return { ...(row as Omit<LambdaSettings, 'name'>), name };
    });
}

export interface LocalEnvironment {
  /** The local value of each variable lambdas.json names (terraform: local.lambda_environment_values). */
  values: Record<string, string>;
  /** What Lambda itself gives every function on AWS (region, credentials), plus the local endpoints. */
  shared: Record<string, string>;
}

/** How the local runtime runs one function of the table: its code, limits and exactly its env vars. */
export function buildFunctionDefinition(settings: LambdaSettings, environment: LocalEnvironment): FunctionDefinition {
  const ownValues: Record<string, string> = {};
  const missing: string[] = [];
  for (const variable of settings.environment) {
    const value = environment.values[variable];
    if (value === undefined) missing.push(variable);
    else ownValues[variable] = value;
  }
  if (missing.length)
    throw new Error(
      `terraform/lambdas.json gives ${settings.name} ${missing.join(', ')}, which the local cloud has no value for (local/lambda-environment.ts).`,
    );
  const { file, exportPath } = handlerLocation(settings.name, settings.handler);
  return {
    bundle: file,
    exportPath,
    timeoutSeconds: settings.timeoutSeconds,
    memorySizeMb: settings.memorySizeMb,
    env: {
      ...environment.shared,
      ...ownValues,
      ...Object.fromEntries(
        Object.entries(settings.layerFiles).map(([variable, optPath]) => [
          variable,
          functionLayerFile(settings.layers, optPath),
        ]),
      ),
    },
  };
}
