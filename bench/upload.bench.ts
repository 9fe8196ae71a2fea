// npm run bench:upload: a 1 GB file through the multipart path as the product does it
// (startMultipartUpload, createUploadPartUrls, the PUTs 4 at a time, completeMultipartUpload)
// against one POST of a 100 MB file (createUploadUrl, the presigned POST, createVideo) scaled per
// byte, both through the same local cloud, run as its own process, in one run. Prints each one's
// MB/s, the ratio (target >= 0.9x), the CPU seconds of this client and of the emulator, and the
// emulator's peak RSS, with a 256 MB multipart upload beside the 1 GB one to show that memory stays
// flat. The files are random bytes sent as video/mp4: each is registered, the pipeline refuses it
// at the probe (FAILED, no transcode), and the bench waits for that, outside the timings, before
// deleting the video and going on. Files and the cloud's data live in a temp dir, removed at the end.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatBytes } from '../common/format';
import { signInDemoUser } from '../scripts/lib/demo-user';
import { graphqlRequest } from '../scripts/lib/graphql-request';
import { completeMultipartUpload, createUploadPartUrls, startMultipartUpload } from '../scripts/lib/multipart-api';
import type { Api } from '../scripts/lib/multipart-api';
import { DEFAULT_PART_CONCURRENCY, uploadParts } from '../scripts/lib/multipart-upload';
import { startLocalCloudProcess } from '../test/support/local-cloud-process';
import { postVideo } from './support/post-video';
import { cpuSeconds, peakRssBytes, resetPeakRss, rssBytes } from './support/process-stats';

const MULTIPART_BYTES = Number(process.env.BENCH_UPLOAD_BYTES ?? 1_000_000_000);
const SMALLER_MULTIPART_BYTES = Number(process.env.BENCH_SMALLER_UPLOAD_BYTES ?? 256_000_000);
/** The POST limit's default (100 MB): the largest file one POST takes. */
const POST_BYTES = Number(process.env.BENCH_POST_BYTES ?? 100_000_000);
const WARM_UP_BYTES = 1_000_000;
const CONTENT_TYPE = 'video/mp4';
const MB = 1_000_000;

const STATUS = 'query S($id: ID!) { getVideo(id: $id) { status failureReason } }';
const DELETE = 'mutation D($id: ID!) { deleteVideo(id: $id) { id } }';

interface Measurement {
  name: string;
  bytes: number;
  seconds: number;
  clientCpuSeconds: number;
  emulatorCpuSeconds: number;
  emulatorRssBefore: number;
  emulatorPeakRss: number;
}

/** Random bytes, a fresh 8 MiB block's worth repeated with a counter in front (fast, and no two blocks alike). */
function writeRandomFile(file: string, size: number): void {
  const block = randomFillSync(Buffer.alloc(8 * 1024 * 1024));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0, index = 0; written < size; index += 1) {
      block.writeUInt32BE(index, 0);
      written += writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
  } finally {
    closeSync(fd);
  }
}

function viaPost(api: Api, file: string, size: number): Promise<string> {
  return postVideo(api, file, size, `bench POST ${formatBytes(size)}`, CONTENT_TYPE);
}

async function viaMultipart(api: Api, file: string, size: number): Promise<string> {
  const upload = await startMultipartUpload(api, { contentType: CONTENT_TYPE, size });
  await uploadParts({
    filePath: file,
    plan: { size, partSize: upload.partSize, partCount: upload.partCount },
    uploadedParts: [],
    signUrls: (partNumbers) => createUploadPartUrls(api, upload.videoId, partNumbers),
    concurrency: DEFAULT_PART_CONCURRENCY,
  });
  await completeMultipartUpload(api, { id: upload.videoId, title: `bench multipart ${formatBytes(size)}` });
  return upload.videoId;
}

/** Waits out the pipeline's work on the upload (copy, probe, FAILED), then deletes the video. */
async function settle(api: Api, videoId: string): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const video = (await api<{ getVideo: { status: string; failureReason?: string } | null }>(STATUS, { id: videoId }))
      .getVideo;
    if (video && video.status !== 'PROCESSING') break;
    if (Date.now() > deadline) throw new Error(`video ${videoId} still ${video?.status ?? 'missing'} after 5 minutes`);
    await sleep(250);
  }
  await api(DELETE, { id: videoId });
}

async function measure(
  name: string,
  emulatorPid: number,
  bytes: number,
  upload: () => Promise<string>,
  api: Api,
): Promise<Measurement> {
  resetPeakRss(emulatorPid);
  const emulatorRssBefore = rssBytes(emulatorPid);
  const emulatorCpu = cpuSeconds(emulatorPid);
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  const videoId = await upload();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(clientCpu);
  const measurement: Measurement = {
    name,
    bytes,
    seconds,
    clientCpuSeconds: (used.user + used.system) / 1e6,
    emulatorCpuSeconds: cpuSeconds(emulatorPid) - emulatorCpu,
    emulatorRssBefore,
    emulatorPeakRss: peakRssBytes(emulatorPid),
  };
  console.log(row(measurement));
  await settle(api, videoId);
  return measurement;
}

const mbPerSecond = (m: Pick<Measurement, 'bytes' | 'seconds'>) => m.bytes / MB / m.seconds;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function row(m: Measurement): string {
  return [
    m.name.padEnd(22),
    formatBytes(m.bytes).padStart(9),
    `${m.seconds.toFixed(2).padStart(7)} s`,
    `${mbPerSecond(m).toFixed(1).padStart(7)} MB/s`,
    `   client CPU ${m.clientCpuSeconds.toFixed(2).padStart(5)} s`,
    `   emulator CPU ${m.emulatorCpuSeconds.toFixed(2).padStart(5)} s`,
    `   emulator RSS peak ${mib(m.emulatorPeakRss).padStart(8)} (${mib(Math.max(0, m.emulatorPeakRss - m.emulatorRssBefore))} over its start)`,
  ].join('');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-upload-'));
  const dataDir = path.join(dir, 'cloud');
  mkdirSync(dataDir);
  try {
    const files = {
      warmUp: path.join(dir, 'warm-up.mp4'),
      post: path.join(dir, 'post.mp4'),
      smaller: path.join(dir, 'smaller.mp4'),
      multipart: path.join(dir, 'multipart.mp4'),
    };
    console.log(
      `writing ${formatBytes(POST_BYTES + SMALLER_MULTIPART_BYTES + MULTIPART_BYTES)} of random files in ${dir}`,
    );
    writeRandomFile(files.warmUp, WARM_UP_BYTES);
    writeRandomFile(files.post, POST_BYTES);
    writeRandomFile(files.smaller, SMALLER_MULTIPART_BYTES);
    writeRandomFile(files.multipart, MULTIPART_BYTES);

    const cloud = await startLocalCloudProcess({ dataDir, timeoutMs: 60_000 });
    try {
      const pid = cloud.child.pid as number;
      const user = await signInDemoUser(cloud.endpoints, 'bench@videopipe.local', 'Bench-videopipe-1');
      const api: Api = (query, variables) => graphqlRequest(cloud.endpoints.graphqlUrl, user.idToken, query, variables);
      console.log(
        `local cloud as its own process (pid ${pid}); multipart ${DEFAULT_PART_CONCURRENCY} parts at a time; random bytes as ${CONTENT_TYPE}`,
      );
      // Both paths once, unmeasured: the Lambdas' first calls start their workers (some 200 MB).
      await settle(api, await viaPost(api, files.warmUp, WARM_UP_BYTES));
      await settle(api, await viaMultipart(api, files.warmUp, WARM_UP_BYTES));
      // The POST before and after the multipart uploads, so neither side always runs on a warmer machine.
      const postFirst = await measure('POST', pid, POST_BYTES, () => viaPost(api, files.post, POST_BYTES), api);
      const smaller = await measure(
        'multipart',
        pid,
        SMALLER_MULTIPART_BYTES,
        () => viaMultipart(api, files.smaller, SMALLER_MULTIPART_BYTES),
        api,
      );
      const multipart = await measure(
        'multipart',
        pid,
        MULTIPART_BYTES,
        () => viaMultipart(api, files.multipart, MULTIPART_BYTES),
        api,
      );
      const postAgain = await measure('POST again', pid, POST_BYTES, () => viaPost(api, files.post, POST_BYTES), api);

      // Per byte: the two POSTs' bytes over their time.
      const postRate = mbPerSecond({ bytes: 2 * POST_BYTES, seconds: postFirst.seconds + postAgain.seconds });
      console.log(
        `per-byte throughput, multipart ${formatBytes(MULTIPART_BYTES)} / POST ${formatBytes(POST_BYTES)}: ${(mbPerSecond(multipart) / postRate).toFixed(2)}x (${mbPerSecond(multipart).toFixed(1)} vs ${postRate.toFixed(1)} MB/s; target >= 0.9x)`,
      );
      const perGB = (m: Measurement, who: 'client' | 'emulator') =>
        ((who === 'client' ? m.clientCpuSeconds : m.emulatorCpuSeconds) / m.bytes) * 1e9;
      console.log(
        `CPU seconds per GB: emulator ${perGB(multipart, 'emulator').toFixed(2)} multipart, ${((perGB(postFirst, 'emulator') + perGB(postAgain, 'emulator')) / 2).toFixed(2)} POST; client ${perGB(multipart, 'client').toFixed(2)} multipart, ${((perGB(postFirst, 'client') + perGB(postAgain, 'client')) / 2).toFixed(2)} POST`,
      );
      const peak = (m: Measurement) => m.emulatorPeakRss;
      const change = peak(multipart) - peak(smaller);
      console.log(
        `emulator peak RSS: ${mib(peak(smaller))} at ${formatBytes(SMALLER_MULTIPART_BYTES)}, ${mib(peak(multipart))} at ${formatBytes(MULTIPART_BYTES)} (${change < 0 ? '-' : '+'}${mib(Math.abs(change))}), ${mib(Math.max(peak(postFirst), peak(postAgain)))} for the POST (target: flat, the same at any size)`,
      );
    } finally {
      await cloud.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
