// npm run bench:e2e: the whole pipeline on an in-process local cloud (createUploadUrl -> browser-style
// POST -> createVideo -> DONE on the onVideoStatusChanged subscription), timed from the POST's start
// to the DONE event's receipt, versus the MediaConvert executor alone (`transcode()` on the same
// file with the same job settings, run before and after the pipeline), in the same run. Prints both,
// the pipeline's overhead ratio (target <= 1.3x) and the latency from each stored status change
// to the subscriber's receipt (count, p50, p99).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ListJobsCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { Job, JobSettings } from '@aws-sdk/client-mediaconvert';
import { buildJobSettings } from '../functions/lib/job-settings';
import { computeLadder } from '../functions/lib/ladder';
import { resolveFfmpegBinaries } from '../local/mediaconvert/ffmpeg-binaries';
import { BENCH_DIR, makeSourceClip } from './support/source-clip';
import { percentile } from './support/percentile';
import { postToTicket, registerVideo, requestUploadTicket } from './support/post-video';
import { startLocalCloud } from '../local/local-cloud';
import { transcode } from '../local/mediaconvert/transcode';
import { resolvePorts } from '../local/ports';
import { signInDemoUser } from '../scripts/lib/demo-user';
import { graphqlRequest } from '../scripts/lib/graphql-request';
import { openSubscription } from '../scripts/lib/realtime-subscription';
import type { VideoStatusEvent } from '../generated/graphql';

// The Lambdas' JSON log lines (their workers write to this process's stdout) would bury the
// figures; BENCH_VERBOSE=1 keeps them.
if (!process.env.BENCH_VERBOSE) {
  const write = process.stdout.write.bind(process.stdout) as (
    chunk: string | Uint8Array,
    ...rest: unknown[]
  ) => boolean;
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.includes('{"level":')) return write(chunk, ...rest);
    const kept = text
      .split('\n')
      .filter((line) => !line.startsWith('{"level":'))
      .join('\n');
    return kept.trim() === '' ? true : write(kept, ...rest);
  };
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const DONE_TIMEOUT_MS = Number(process.env.BENCH_DONE_TIMEOUT_SECONDS ?? 900) * 1000;
const binaries = resolveFfmpegBinaries();

const GET = 'query G($id: ID!) { getVideo(id: $id) { status durationSeconds renditions { width height } } }';
const STATUS =
  'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id status progress updatedAt failureReason } }';

type StatusEvent = Pick<VideoStatusEvent, 'id' | 'status' | 'progress' | 'updatedAt' | 'failureReason'>;

interface PipelineRun {
  videoId: string;
  /** POST start -> DONE received. */
  wallSeconds: number;
  uploadSeconds: number;
  job: Job;
  postStartMs: number;
  doneReceivedMs: number;
  events: Array<{ event: StatusEvent; receivedAtMs: number }>;
  renditions: string;
}

async function runPipeline(source: string, cloud: Awaited<ReturnType<typeof startLocalCloud>>): Promise<PipelineRun> {
  const { endpoints } = cloud;
  const user = await signInDemoUser(endpoints, 'bench@videopipe.local', 'Bench-videopipe-1');
  const api = <T>(query: string, variables: Record<string, unknown>) =>
    graphqlRequest<T>(endpoints.graphqlUrl, user.idToken, query, variables);
  const size = statSync(source).size;
  const ticket = await requestUploadTicket(api, size, 'video/mp4');

  const events: PipelineRun['events'] = [];
  let finished: (event: StatusEvent, receivedAtMs: number) => void = () => undefined;
  const final = new Promise<{ event: StatusEvent; receivedAtMs: number }>((resolve) => {
    finished = (event, receivedAtMs) => resolve({ event, receivedAtMs });
  });
  // Subscribed before the POST: process-upload announces the job as soon as the object lands.
  const subscription = await openSubscription({
    realtimeUrl: endpoints.realtimeUrl,
    graphqlUrl: endpoints.graphqlUrl,
    authorization: { Authorization: user.idToken },
    query: STATUS,
    variables: { id: ticket.videoId },
    onData: (data, receivedAtMs) => {
      const event = data.onVideoStatusChanged as StatusEvent;
      events.push({ event, receivedAtMs });
      if (event.status !== 'PROCESSING') finished(event, receivedAtMs);
    },
  });
  try {
    const postStartMs = Date.now();
    await postToTicket(ticket, source, size, 'video/mp4');
    const uploadSeconds = (Date.now() - postStartMs) / 1000;
    await registerVideo(api, ticket.videoId, 'bench');
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      final,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no DONE within ${DONE_TIMEOUT_MS / 1000} s`)), DONE_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome.event.status !== 'DONE')
      throw new Error(`the pipeline ended ${outcome.event.status}: ${outcome.event.failureReason}`);
    const video = (
      await api<{ getVideo: { renditions: Array<{ width: number; height: number }> } }>(GET, { id: ticket.videoId })
    ).getVideo;

    const mediaconvert = new MediaConvertClient({
      endpoint: endpoints.mediaconvertEndpoint,
      region: endpoints.region,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    });
    const jobs = (await mediaconvert.send(new ListJobsCommand({ MaxResults: 20 }))).Jobs ?? [];
    mediaconvert.destroy();
    const job = jobs.find((candidate) => candidate.UserMetadata?.videoId === ticket.videoId);
    if (!job) throw new Error(`no MediaConvert job for ${ticket.videoId}`);
    return {
      videoId: ticket.videoId,
      wallSeconds: (outcome.receivedAtMs - postStartMs) / 1000,
      uploadSeconds,
      job,
      postStartMs,
      doneReceivedMs: outcome.receivedAtMs,
      events,
      renditions: video.renditions.map((rendition) => `${rendition.width}x${rendition.height}`).join(', '),
    };
  } finally {
    subscription.close();
  }
}

async function main(): Promise<void> {
  const source = await makeSourceClip(binaries.ffmpeg, SECONDS);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-e2e-'));
  const workDir = path.join(BENCH_DIR, 'e2e-executor');
  // statusIntervalScale 0.1: MediaConvert's shortest StatusUpdateInterval (10 s) becomes 1 s.
  const cloud = await startLocalCloud({
    dataDir,
    ports: resolvePorts({}, true),
    autoConfirm: true,
    statusIntervalScale: 0.1,
  });
  try {
    console.log(
      `e2e: ${SECONDS} s 1280x720 source with audio (${(statSync(source).size / 1e6).toFixed(1)} MB); STATUS_UPDATE every 1 s`,
    );
    // The baseline: the job's settings as process-upload builds them for this source, run by the
    // executor alone on the local file (no S3, queues, Lambdas or API around it). Run before and
    // after the pipeline (api.bench's habit): on a shared machine the two show whether the load
    // changed under the run, and the ratio uses their mean.
    const ladder = computeLadder({ width: 1280, height: 720, hasAudio: true });
    const settingsFor = (videoId: string) =>
      buildJobSettings({
        videoId,
        inputUrl: `s3://${cloud.endpoints.rawBucket}/${videoId}`,
        playbackBucket: cloud.endpoints.playbackBucket,
        ladder,
        hasAudio: true,
        roleArn: 'arn:aws:iam::000000000000:role/videopipe-mediaconvert',
      }).Settings as JobSettings;
    const runBaseline = async (): Promise<number> => {
      rmSync(workDir, { recursive: true, force: true });
      const started = performance.now();
      await transcode({ settings: settingsFor('bench'), inputFile: source, workDir, binaries });
      const wall = (performance.now() - started) / 1000;
      rmSync(workDir, { recursive: true, force: true });
      return wall;
    };

    const baselineBefore = await runBaseline();
    // This process's CPU (user + system, all threads): the local cloud's servers and emulators, the
    // Lambda workers and the subscriber; ffmpeg is a child process and not counted.
    const cpuBefore = process.cpuUsage();
    const pipeline = await runPipeline(source, cloud);
    const cpu = process.cpuUsage(cpuBefore);
    const cloudCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const baselineAfter = await runBaseline();
    const baselineSeconds = (baselineBefore + baselineAfter) / 2;
    const drift = Math.abs(baselineAfter - baselineBefore) / Math.min(baselineBefore, baselineAfter);
    const sameSettings = isDeepStrictEqual(
      JSON.parse(JSON.stringify(settingsFor(pipeline.videoId))),
      JSON.parse(JSON.stringify(pipeline.job.Settings)),
    );

    const timing = pipeline.job.Timing ?? {};
    const at = (date: Date | undefined) => (date ? new Date(date).getTime() : NaN);
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(2);
    const uploadEndMs = pipeline.postStartMs + pipeline.uploadSeconds * 1000;
    const line = (name: string, wall: number) =>
      `${name.padEnd(34)} wall ${wall.toFixed(1).padStart(6)} s  ${(SECONDS / wall).toFixed(2)}x realtime`;
    console.log(
      `ladder ${pipeline.renditions}; job settings ${sameSettings ? 'identical to' : 'DIFFERENT from'} the pipeline job's`,
    );
    console.log('');
    console.log(line('pipeline (POST start -> DONE)', pipeline.wallSeconds));
    console.log(
      `  upload ${pipeline.uploadSeconds.toFixed(2)} s | upload -> job submitted ${seconds(uploadEndMs, at(timing.SubmitTime))} s | ` +
        `job ${seconds(at(timing.SubmitTime), at(timing.FinishTime))} s (waiting ${seconds(at(timing.SubmitTime), at(timing.StartTime))} s) | ` +
        `job finished -> DONE received ${seconds(at(timing.FinishTime), pipeline.doneReceivedMs)} s`,
    );
    console.log(
      `  this process (local cloud, Lambdas, subscriber; not ffmpeg) used ${cloudCpuSeconds.toFixed(1)} s of CPU meanwhile (${((cloudCpuSeconds / pipeline.wallSeconds) * 100).toFixed(0)}% of one core)`,
    );
    console.log(
      `${line('executor alone (transcode())', baselineSeconds)}  (before ${baselineBefore.toFixed(1)} s, after ${baselineAfter.toFixed(1)} s)`,
    );
    if (drift > 0.15)
      console.log(
        `  the two baseline runs differ by ${(drift * 100).toFixed(0)}%: the machine's load changed during the run, so the ratio is unreliable`,
      );
    const ratio = pipeline.wallSeconds / baselineSeconds;
    console.log('');
    console.log(
      `pipeline overhead ${ratio.toFixed(2)}x the executor alone (target <= 1.3x), ${pipeline.wallSeconds - baselineSeconds >= 0 ? '+' : ''}${(pipeline.wallSeconds - baselineSeconds).toFixed(1)} s`,
    );

    // Receipt time minus the event's updatedAt, both on this machine's clock. updatedAt is stamped
    // by the Lambda (job-events, or process-upload for the first PROCESSING event) just before its
    // DynamoDB UpdateItem, so the interval is: that write (conditional, on the emulator); for the
    // final state, deleting the raw upload from S3; for process-upload's event, a GetItem; the
    // SigV4-signed publishVideoStatus HTTP request; AppSync's IAM auth, the resolver in the sandbox
    // and the subscription's filter and rendering; the WebSocket frame and this client's parse.
    // Not the queues or EventBridge before it: the job event reaches the Lambda before updatedAt.
    const latencies = pipeline.events
      .map(({ event, receivedAtMs }) => receivedAtMs - Date.parse(event.updatedAt))
      .sort((a, b) => a - b);
    const counts = pipeline.events.reduce<Record<string, number>>(
      (all, { event }) => ({ ...all, [event.status]: (all[event.status] ?? 0) + 1 }),
      {},
    );
    console.log(
      `status change stored -> subscriber received: ${latencies.length} events (${Object.entries(counts)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ')}), ` +
        `p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${latencies[latencies.length - 1]} ms`,
    );
    console.log(
      `${ratio <= 1.3 && sameSettings ? 'target met' : 'target NOT met'}${drift > 0.15 ? ' (unreliable: see the baselines)' : ''}`,
    );
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
