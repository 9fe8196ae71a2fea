// The compact provider schema the offline checker reads (scripts/terraform/provider-schemas.json.gz),
// extracted from the prebuilt CDK provider packages by extract-provider-schema.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * An attribute's type: 's' string, 'n' number, 'b' bool, 'a' any (dynamic/JSON), 'l:<T>' list or
 * set of T, 'm:<T>' map of T, 'o' an object whose shape is a nested schema under `b`.
 */
export type AttributeType = string;

export interface BlockSchema {
  /** Arguments one may set, by their Terraform name. */
  a: Record<string, AttributeType>;
  /** The arguments and nested blocks that must be set. */
  r?: string[];
  /** Nested blocks (and object-typed arguments, flagged `o`), by Terraform name. */
  b?: Record<string, NestedBlockSchema>;
  /** Computed-only attributes one may read but not set (top level only). */
  c?: string[];
}

export interface NestedBlockSchema extends BlockSchema {
  /** 'l': repeatable block or list of objects; '1': at most one. */
  k: 'l' | '1';
  /** 1 when this is an object-typed argument (`x = {...}`) rather than a block (`x {...}`). */
  o?: 1;
}

export interface ProviderSchema {
  /** registry source, e.g. hashicorp/aws */
  source: string;
  version: string;
  /** The npm package it came from, for regeneration. */
  package: string;
  provider: BlockSchema;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
}

export interface ProviderSchemas {
  $comment: string;
  providers: Record<string, ProviderSchema>;
}

export const SCHEMA_FILE = path.join(__dirname, 'provider-schemas.json.gz');

export function loadProviderSchemas(file = SCHEMA_FILE): ProviderSchemas {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ProviderSchemas;
}
