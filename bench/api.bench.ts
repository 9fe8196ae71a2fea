// npm run bench:api: listVideos (20 items) through the local AppSync (auth, APPSYNC_JS resolver in
// the sandbox, DynamoDB data source) versus the same query on a plain graphql-js server whose
// resolver calls DynamoDB directly. Same emulator, same data, same run. Prints both and the ratio.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { graphql } from 'graphql';
import { ulid } from 'ulid';
import { loadSchema } from '../local/appsync/load-schema';
import { startLocalCloud } from '../local/local-cloud';
import { resolvePorts } from '../local/ports';
import { percentile } from './support/percentile';

const QUERY =
  'query Feed($limit: Int) { listVideos(limit: $limit) { items { id title ownerName durationSeconds thumbnailUrl createdAt } nextToken } }';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);

interface Stats {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

async function seed(client: DynamoDBClient, count: number): Promise<void> {
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, index) => ({
    id: ulid(),
    userId: 'bench-user',
    ownerName: 'bench',
    title: `Benchmark video ${index}`,
    status: 'DONE',
    feedKey: 'DONE',
    progress: 100,
    createdAt: now,
    updatedAt: now,
    durationSeconds: 12.5,
    width: 1280,
    height: 720,
    thumbnailUrl: `http://127.0.0.1/playback/${index}/thumb.jpg`,
    playlistUrl: `http://127.0.0.1/playback/${index}/index.m3u8`,
  }));
  for (let start = 0; start < items.length; start += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          videos: items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: marshall(item) } })),
        },
      }),
    );
  }
}

/** The baseline: graphql-js with a resolver that queries the same index directly. */
async function startBaseline(client: DynamoDBClient): Promise<{ url: string; close: () => void }> {
  const schema = loadSchema();
  const rootValue = {
    listVideos: async ({ limit }: { limit?: number }) => {
      const result = await client.send(
        new QueryCommand({
          TableName: 'videos',
          IndexName: 'feed',
          KeyConditionExpression: 'feedKey = :feed',
          ExpressionAttributeValues: { ':feed': { S: 'DONE' } },
          ScanIndexForward: false,
          Limit: limit ?? 20,
        }),
      );
      return {
        items: (result.Items ?? []).map((item) => unmarshall(item)),
        nextToken: result.LastEvaluatedKey
          ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString('base64')
          : null,
      };
    },
  };
  const answer = async (body: string): Promise<string> => {
    const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    return JSON.stringify(await graphql({ schema, source: query, rootValue, variableValues: variables }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(Buffer.concat(chunks).toString('utf8')).then(
        (text) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        },
        // The measuring client fails the run on any response that is not the 20 items.
        (error: unknown) => {
          console.error('baseline server:', error);
          res.writeHead(500).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => server.close() };
}

async function measure(url: string, headers: Record<string, string>): Promise<Stats> {
  const body = JSON.stringify({ query: QUERY, variables: { limit: 20 } });
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const json = (await response.json()) as { data?: { listVideos?: { items: unknown[] } }; errors?: unknown };
    if (json.errors || json.data?.listVideos?.items.length !== 20)
      throw new Error(`unexpected response: ${JSON.stringify(json).slice(0, 300)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i += 1) await once();
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < REQUESTS) {
        issued += 1;
        latencies.push(await once());
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

function row(name: string, stats: Stats): string {
  return `${name.padEnd(28)} ${stats.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${stats.p50.toFixed(2).padStart(6)} ms   p99 ${stats.p99.toFixed(2).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-'));
  const cloud = await startLocalCloud({ dataDir, ports: resolvePorts({}, true) });
  const { endpoints } = cloud;
  const client = new DynamoDBClient({
    endpoint: endpoints.dynamodbEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  const baseline = await startBaseline(client);
  try {
    await seed(client, 60);
    console.log(`listVideos(limit: 20), ${REQUESTS} requests after ${WARMUP} warm-up, concurrency ${CONCURRENCY}`);
    // Alternate the order so neither side always runs on a warmer machine.
    const baselineFirst = await measure(baseline.url, {});
    const appsync = await measure(endpoints.graphqlUrl, { 'x-api-key': endpoints.apiKey });
    const baselineAgain = await measure(baseline.url, {});
    const baselineStats: Stats = {
      requestsPerSecond: (baselineFirst.requestsPerSecond + baselineAgain.requestsPerSecond) / 2,
      p50: (baselineFirst.p50 + baselineAgain.p50) / 2,
      p99: (baselineFirst.p99 + baselineAgain.p99) / 2,
    };
    console.log(row('baseline (graphql-js + SDK)', baselineStats));
    console.log(row('local AppSync', appsync));
    const ratio = appsync.p50 / baselineStats.p50;
    console.log(`p50 ratio local AppSync / baseline: ${ratio.toFixed(2)}x (target <= 1.25x)`);
    console.log(`throughput ratio: ${(appsync.requestsPerSecond / baselineStats.requestsPerSecond).toFixed(2)}x`);
  } finally {
    baseline.close();
    client.destroy();
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
