import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}

export interface BucketDefinition {
  name: string;
  access: 'private' | 'public-read';
  cors: CorsRule[];
  notifications: Array<{ events: string[]; queue: string }>;
}

interface BucketFile {
  raw: Omit<BucketDefinition, 'name'>;
  playback: Omit<BucketDefinition, 'name'>;
}

/** The raw and playback buckets from terraform/buckets.json, named for this environment. */
export function loadBucketDefinitions(names: { raw: string; playback: string }, webOrigins: string[]): BucketDefinition[] {
  const file = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'terraform', 'buckets.json'), 'utf8')) as BucketFile;
  return (['raw', 'playback'] as const).map((role) => ({
    ...file[role],
    name: names[role],
    cors: file[role].cors.map((rule) => ({ ...rule, allowedOrigins: rule.allowedOrigins.flatMap((origin) => (origin === 'webOrigins' ? webOrigins : [origin])) })),
  }));
}
