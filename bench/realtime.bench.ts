// npm run bench:realtime: live status fan-out. 1,000 sockets (100 users x 10), each subscribed to
// onVideoStatusChanged with the web client's document through the shared AppSync real-time client
// and a Cognito ID token from the local pool, on an in-process local cloud; then publishVideoStatus,
// SigV4-signed with the job-events Lambda's role keys as the back end sends it. Each event is one
// user's: the subscription's resolver filters on the caller's own sub, so an event's audience is
// always its owner's 10 sockets, never a broadcast to others. Versus a plain `ws` server in this
// process (bench/support/broadcast-baseline.ts) given the same signed POSTs, sending the same
// payloads to the same number of sockets with the same fan-out. Measures publish-to-last-delivery
// (p50, p99, max) one publish at a time and 50 at once, and fails loudly unless every delivery
// arrived exactly once, unaltered, on its user's sockets and no other.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import WebSocket from 'ws';
import { AppSyncRealtimeClient } from '../common/appsync-realtime';
import { OnVideoStatusChangedDocument } from '../generated/client-operations';
import type { PublishVideoStatusInput } from '../generated/graphql';
import { createAppSyncStatusPublisher } from '../functions/lib/publish-status';
import type { StatusPublisher } from '../functions/lib/ports/status-publisher';
import { startLocalCloud } from '../local/local-cloud';
import type { Endpoints } from '../local/endpoints';
import { resolvePorts } from '../local/ports';
import { signInDemoUser } from '../scripts/lib/demo-user';
import { connectBaselineSocket, startBroadcastBaseline } from './support/broadcast-baseline';
import { DeliveryLedger } from './support/delivery-ledger';
import { percentile } from './support/percentile';

const USERS = Number(process.env.BENCH_USERS ?? 100);
const SOCKETS_PER_USER = Number(process.env.BENCH_SOCKETS_PER_USER ?? 10);
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 50);
const WARMUP_PUBLISHES = 20;
const P99_TARGET_MS = 250;
const RATIO_TARGET = 2;
const DELIVERY_TIMEOUT_MS = 15_000;
/** How long to wait after the last round for any late duplicate or misrouted copy. */
const SETTLE_MS = 1000;
/** The web client's subscription, printed from the document it sends (client/src/graphql/subscriptions.graphql). */
const SUBSCRIPTION = print(OnVideoStatusChangedDocument);
/** The back end's publishing identity: job-events announces DONE (terraform/lambda-permissions.json). */
const PUBLISHING_ROLE = 'job-events';

interface Target {
  name: string;
  ledger: DeliveryLedger;
  publisher: StatusPublisher;
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
  /** The publish request's own round trip (the HTTP answer), p50. */
  answeredP50: number;
  /** This process's CPU time (user + system) over the round, per publish: both servers and the clients. */
  cpuPerPublish: number;
}

/** The sockets of user `u`, by index: a user's sockets are numbered together. */
const audienceOf = (u: number) => Array.from({ length: SOCKETS_PER_USER }, (_, j) => u * SOCKETS_PER_USER + j);

/** Runs `work` over `items` in chunks of `size` (connecting a thousand sockets at once only queues them). */
async function inChunks<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => work(item, start + i)))));
  return results;
}

/** One socket subscribed as the web client subscribes; resolves at start_ack. */
function subscribeLikeTheWebClient(
  endpoints: Endpoints,
  idToken: string,
  onEvent: (event: unknown, at: number) => void,
  onFault: (fault: string) => void,
): Promise<AppSyncRealtimeClient> {
  const client = new AppSyncRealtimeClient({
    realtimeUrl: endpoints.realtimeUrl,
    graphqlUrl: endpoints.graphqlUrl,
    authorize: async () => ({ Authorization: idToken }),
    WebSocket,
    reconnect: { maxAttempts: 0 },
  });
  return new Promise((resolve, reject) => {
    let started = false;
    client.subscribe(
      { query: SUBSCRIPTION },
      {
        onStarted: () => {
          started = true;
          resolve(client);
        },
        onData: ({ data, errors }) => {
          const at = performance.now();
          if (errors) onFault(`a data message with errors: ${JSON.stringify(errors)}`);
          onEvent(data?.onVideoStatusChanged, at);
        },
        onError: (error) =>
          started
            ? onFault(`subscription ended: ${String(error)}`)
            : reject(error instanceof Error ? error : new Error(String(error))),
        onComplete: () => onFault('the server completed a subscription'),
      },
    );
  });
}

function statusEvent(id: string, userId: string, endpoints: Endpoints): PublishVideoStatusInput {
  return {
    id,
    userId,
    status: 'DONE',
    progress: 100,
    updatedAt: new Date().toISOString(),
    failureReason: null,
    durationSeconds: 60.04,
    playlistUrl: `${endpoints.playbackBaseUrl}/${id}/index.m3u8`,
    thumbnailUrl: `${endpoints.playbackBaseUrl}/${id}/thumb.jpg`,
  };
}

/** One round: an event for each of `owners`, one at a time or all at once; each waits for its last delivery. */
async function round(
  target: Target,
  label: string,
  owners: Array<{ index: number; sub: string }>,
  together: boolean,
  endpoints: Endpoints,
): Promise<Stats> {
  const latencies: number[] = [];
  const answered: number[] = [];
  const cpuBefore = process.cpuUsage();
  const publishOne = async ({ index, sub }: { index: number; sub: string }, k: number) => {
    const event = statusEvent(`${target.name}-${label}-${k}`, sub, endpoints);
    target.ledger.expect(event, audienceOf(index));
    const started = performance.now();
    target.ledger.sent(event.id, started);
    await target.publisher.publish(event);
    answered.push(performance.now() - started);
    await target.ledger.delivered(event.id, DELIVERY_TIMEOUT_MS);
    latencies.push(target.ledger.latency(event.id));
  };
  if (together) await Promise.all(owners.map(publishOne));
  else for (const [k, owner] of owners.entries()) await publishOne(owner, k);
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  answered.sort((a, b) => a - b);
  return {
    cpuPerPublish: (cpu.user + cpu.system) / 1000 / owners.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] as number,
    answeredP50: percentile(answered, 0.5),
  };
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

function row(name: string, stats: Stats): string {
  return `  ${name.padEnd(32)} p50 ${ms(stats.p50)}   p99 ${ms(stats.p99)}   max ${ms(stats.max)}   (publish answered p50 ${ms(stats.answeredP50).trim()}, CPU ${ms(stats.cpuPerPublish).trim()} a publish)`;
}

const mean = (a: Stats, b: Stats): Stats => ({
  p50: (a.p50 + b.p50) / 2,
  p99: (a.p99 + b.p99) / 2,
  max: (a.max + b.max) / 2,
  answeredP50: (a.answeredP50 + b.answeredP50) / 2,
  cpuPerPublish: (a.cpuPerPublish + b.cpuPerPublish) / 2,
});

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-realtime-'));
  const cloud = await startLocalCloud({ dataDir, ports: resolvePorts({}, true), autoConfirm: true });
  const { endpoints } = cloud;
  const baseline = await startBroadcastBaseline();
  const sockets: Array<{ close(): void }> = [];
  const faults: string[] = [];
  try {
    const role = endpoints.roles[PUBLISHING_ROLE];
    if (!role) throw new Error(`the local cloud has no ${PUBLISHING_ROLE} role keys`);
    const setupStarted = performance.now();
    const users = await inChunks(
      Array.from({ length: USERS }, (_, u) => u),
      10,
      (u) => signInDemoUser(endpoints, `bench-realtime-${u}@videopipe.local`, 'Bench-videopipe-1'),
    );
    const signedIn = performance.now();
    const appsync: Target = {
      name: 'appsync',
      ledger: new DeliveryLedger(),
      publisher: createAppSyncStatusPublisher({
        url: endpoints.graphqlUrl,
        region: endpoints.region,
        credentials: role,
      }),
    };
    const plain: Target = {
      name: 'baseline',
      ledger: new DeliveryLedger(),
      // The same signing client: the baseline receives the very requests AppSync does.
      publisher: createAppSyncStatusPublisher({
        url: baseline.publishUrl,
        region: endpoints.region,
        credentials: role,
      }),
    };
    const plan = users.flatMap((user, u) => Array.from({ length: SOCKETS_PER_USER }, () => ({ user, u })));
    await inChunks(plan, 50, async ({ user }, s) => {
      sockets.push(
        await subscribeLikeTheWebClient(
          endpoints,
          user.idToken,
          (event, at) => appsync.ledger.record(s, event, at),
          (fault) => faults.push(`AppSync socket ${s}: ${fault}`),
        ),
      );
    });
    const subscribed = performance.now();
    await inChunks(plan, 50, async ({ user }, s) => {
      sockets.push(
        await connectBaselineSocket(baseline.socketUrl(user.sub), (payload) => {
          const at = performance.now();
          plain.ledger.record(
            s,
            (payload as { data: { onVideoStatusChanged: unknown } }).data.onVideoStatusChanged,
            at,
          );
        }),
      );
    });

    console.log(
      `realtime fan-out on ${os.cpus().length} cores (load average ${loadAtStart.toFixed(1)} at the start): ${plan.length} sockets, ${USERS} users x ${SOCKETS_PER_USER}`,
    );
    console.log(
      `  AppSync sockets: the web client's onVideoStatusChanged document through common/appsync-realtime, Cognito ID tokens (${USERS} users signed in with SRP in ${((signedIn - setupStarted) / 1000).toFixed(1)} s; ${plan.length} sockets subscribed in ${((subscribed - signedIn) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  each publish: one DONE event of one user's video, publishVideoStatus signed as ${PUBLISHING_ROLE}; it must reach that user's ${SOCKETS_PER_USER} sockets exactly once and none of the other ${plan.length - SOCKETS_PER_USER} (the subscription filters on the caller's sub: no event is a broadcast)`,
    );
    console.log(
      `  baseline: a plain ws server in this process, given the same signed POSTs, sending the same payload to the same user's ${SOCKETS_PER_USER} sockets of ${plan.length}`,
    );

    const owners = (offset: number) =>
      Array.from({ length: PUBLISHES }, (_, k) => {
        const index = (offset + k) % USERS;
        return { index, sub: (users[index] as { sub: string }).sub };
      });
    for (const target of [plain, appsync])
      await round(target, 'warmup', owners(0).slice(0, WARMUP_PUBLISHES), false, endpoints);

    const scenarios = [
      { name: 'one at a time (each publish alone)', label: 'single', together: false, offset: 0 },
      { name: `burst (${PUBLISHES} publishes at once)`, label: 'burst', together: true, offset: USERS / 2 },
    ];
    const verdicts: string[] = [];
    console.log(
      `publish-to-last-delivery, ${PUBLISHES} publishes per round (baseline: mean of a round before and after)`,
    );
    for (const scenario of scenarios) {
      // Baseline before and after (api.bench's habit): a shared machine's drift shows, the mean is used.
      const before = await round(plain, `${scenario.label}-1`, owners(scenario.offset), scenario.together, endpoints);
      const local = await round(appsync, scenario.label, owners(scenario.offset), scenario.together, endpoints);
      const after = await round(plain, `${scenario.label}-2`, owners(scenario.offset), scenario.together, endpoints);
      const base = mean(before, after);
      const ratio = local.p99 / base.p99;
      const p99Met = local.p99 <= P99_TARGET_MS;
      const ratioMet = ratio <= RATIO_TARGET;
      console.log(scenario.name);
      console.log(row('baseline (plain ws)', base));
      console.log(`  ${' '.repeat(32)} (before ${ms(before.p99).trim()}, after ${ms(after.p99).trim()} p99)`);
      console.log(row('local AppSync', local));
      console.log(
        `  local AppSync p99 ${local.p99.toFixed(1)} ms (target <= ${P99_TARGET_MS} ms: ${p99Met ? 'met' : 'NOT met'}); ${ratio.toFixed(2)}x the baseline's p99 (target <= ${RATIO_TARGET}x: ${ratioMet ? 'met' : 'NOT met'})`,
      );
      verdicts.push(`${scenario.label}: ${p99Met && ratioMet ? 'targets met' : 'targets NOT met'}`);
    }

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    if (faults.length > 0) throw new Error(`socket faults:\n  ${faults.slice(0, 30).join('\n  ')}`);
    const checked = appsync.ledger.verify() + plain.ledger.verify();
    console.log(
      `deliveries: ${checked} checked (warm-up included), each exactly once, unaltered, on its user's sockets and no other; ${verdicts.join(', ')}`,
    );
  } finally {
    for (const socket of sockets) socket.close();
    await baseline.close();
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
