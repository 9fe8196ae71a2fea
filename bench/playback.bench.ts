// npm run bench:playback: time to first frame of a DONE 1080p video, on the watch page
// (<webUrl>/watch/<id>, the real client) versus a bare page that plays the same master playlist with
// hls.js's defaults (the baseline), in Debian's Chromium with the network throttled through the
// DevTools protocol: 20 Mbit/s down / 5 up and 5 Mbit/s down / 1 up, 40 ms RTT each. The video goes
// through the real pipeline (upload, MediaConvert on ffmpeg, DONE) on the local cloud, run as its
// own process. Every load is a fresh browser context (cold cache, new connections); the two pages
// alternate, after one unmeasured load of each. The time is from navigation start to the first
// frame the browser presents (requestVideoFrameCallback). The watch page does not autoplay, so the
// bench makes its <video> muted and autoplay as it appears, as the bare page's is: a viewer pressing
// play at once (see support/first-frame-probe.ts). Prints per case the median, p90 and min of each,
// the ratio watch / bare (target <= 0.8x), when the master playlist and the first segment were
// fetched, and what hls.js started with: the first segment fetched (rendition, length, size) and
// the first frame's size. BENCH_LOADS (10) sets the loads per page and case, BENCH_SECONDS (24)
// the clip's length; BENCH_PLAYBACK_CLOUD_DIR=<data dir> uses a local cloud already running on
// that data dir (`npm start -- --data-dir <dir>`) instead of starting one, and its DONE video of an
// earlier run if it has one (for trying client changes: rebuild, and the next run serves them).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import type { ClientConfig } from '../common/client-config';
import { resolveFfmpegBinaries } from '../local/mediaconvert/ffmpeg-binaries';
import type { Endpoints } from '../local/endpoints';
import { signInDemoUser } from '../scripts/lib/demo-user';
import { graphqlRequest } from '../scripts/lib/graphql-request';
import { connectLocalCloud } from '../scripts/lib/local-endpoints';
import { launchChromium } from '../test/support/browser';
import { startLocalCloudProcess } from '../test/support/local-cloud-process';
import { startBarePlayerPage } from './support/bare-player-page';
import { installFirstFrameProbe, readPageLoad } from './support/first-frame-probe';
import type { PageLoad } from './support/first-frame-probe';
import { readHlsStream, rungName } from './support/hls-stream';
import type { HlsStream, Segment } from './support/hls-stream';
import { percentile } from './support/percentile';
import { postVideo } from './support/post-video';
import { makeSourceClip } from './support/source-clip';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 24);
const TARGET_RATIO = 0.8;
const LOAD_TIMEOUT_MS = 60_000;
const DONE_TIMEOUT_MS = 15 * 60_000;
const VIEWPORT = { width: 1280, height: 860 };
const SETTLE_MS = 500;

interface NetworkCase {
  name: string;
  downloadBitsPerSecond: number;
  uploadBitsPerSecond: number;
  rttMs: number;
}

const CASES: NetworkCase[] = [
  { name: '20 Mbit/s down, 5 up, 40 ms RTT', downloadBitsPerSecond: 20e6, uploadBitsPerSecond: 5e6, rttMs: 40 },
  { name: '5 Mbit/s down, 1 up, 40 ms RTT', downloadBitsPerSecond: 5e6, uploadBitsPerSecond: 1e6, rttMs: 40 },
];

const GET = 'query G($id: ID!) { getVideo(id: $id) { status failureReason playlistUrl } }';
const MINE = 'query M { listMyVideos(limit: 50) { items { id title status playlistUrl } } }';
const TITLE = 'Playback bench';

interface DoneVideo {
  id: string;
  playlistUrl: string;
  seconds: number;
}

/**
 * Uploads the clip as the product does (ticket, presigned POST, createVideo) and waits for DONE;
 * or, in a kept data dir, the DONE video of an earlier run.
 */
async function makeDoneVideo(endpoints: Endpoints, source: string): Promise<DoneVideo> {
  const user = await signInDemoUser(endpoints, 'bench@videopipe.local', 'Bench-videopipe-1');
  const api = <T>(query: string, variables: Record<string, unknown>) =>
    graphqlRequest<T>(endpoints.graphqlUrl, user.idToken, query, variables);
  const earlier = (
    await api<{ listMyVideos: { items: Array<{ id: string; title: string; status: string; playlistUrl?: string }> } }>(
      MINE,
      {},
    )
  ).listMyVideos.items.find((video) => video.title === TITLE && video.status === 'DONE' && video.playlistUrl);
  if (earlier?.playlistUrl) return { id: earlier.id, playlistUrl: earlier.playlistUrl, seconds: 0 };
  const started = performance.now();
  const videoId = await postVideo(api, source, statSync(source).size, TITLE, 'video/mp4');
  const deadline = Date.now() + DONE_TIMEOUT_MS;
  for (;;) {
    const video = (
      await api<{ getVideo: { status: string; failureReason?: string; playlistUrl?: string } }>(GET, {
        id: videoId,
      })
    ).getVideo;
    if (video.status === 'DONE' && video.playlistUrl)
      return { id: videoId, playlistUrl: video.playlistUrl, seconds: (performance.now() - started) / 1000 };
    if (video.status === 'FAILED') throw new Error(`the pipeline failed the video: ${video.failureReason}`);
    if (Date.now() > deadline) throw new Error(`no DONE within ${DONE_TIMEOUT_MS / 1000} s`);
    await sleep(1000);
  }
}

interface Cloud {
  endpoints: Endpoints;
  description: string;
  close(): Promise<void>;
}

/** The running cloud of BENCH_PLAYBACK_CLOUD_DIR, else one of the bench's own, as its own process on a temp dir. */
async function openCloud(): Promise<Cloud> {
  const runningDir = process.env.BENCH_PLAYBACK_CLOUD_DIR;
  if (runningDir)
    return {
      endpoints: await connectLocalCloud(runningDir),
      description: `the local cloud running on ${runningDir}`,
      close: async () => undefined,
    };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-playback-'));
  const cloud = await startLocalCloudProcess({ dataDir, timeoutMs: 60_000 });
  return {
    endpoints: cloud.endpoints,
    description: 'local cloud as its own process',
    async close() {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One cold load: a fresh context, the network throttled before navigating, to the first frame. */
async function loadOnce(browser: Browser, url: string, network: NetworkCase): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const devtools = await context.newCDPSession(page);
    await devtools.send('Network.enable');
    await devtools.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: network.rttMs,
      downloadThroughput: network.downloadBitsPerSecond / 8,
      uploadThroughput: network.uploadBitsPerSecond / 8,
    });
    await installFirstFrameProbe(page);
    await page.goto(url, { waitUntil: 'commit' });
    return await readPageLoad(page, LOAD_TIMEOUT_MS);
  } finally {
    await context.close();
    // The closed context's renderer winds down before the next load starts, rather than during it.
    await sleep(SETTLE_MS);
  }
}

interface LoadFacts {
  ttffMs: number;
  frameHeight: number;
  masterRequestedMs: number;
  firstSegment: Segment;
  firstSegmentRequestedMs: number;
  firstSegmentReceivedMs: number;
  /** Segments whose answer ended before the first frame, in the order asked: "240p#0". */
  segmentsBeforeFrame: string[];
}

function readLoad(load: PageLoad, stream: HlsStream): LoadFacts {
  const master = load.resources.find((entry) => entry.name === stream.masterUrl);
  const segments = load.resources
    .filter((entry) => stream.segments.has(entry.name))
    .sort((a, b) => a.startTime - b.startTime);
  const first = segments[0];
  if (!master || !first) throw new Error('the page played without fetching the master playlist or a segment');
  const named = (url: string) => {
    const segment = stream.segments.get(url) as Segment;
    return `${rungName(segment.variant)}#${segment.index}`;
  };
  return {
    ttffMs: load.firstFrame.atMs,
    frameHeight: Math.min(load.firstFrame.width, load.firstFrame.height),
    masterRequestedMs: master.startTime,
    firstSegment: stream.segments.get(first.name) as Segment,
    firstSegmentRequestedMs: first.startTime,
    firstSegmentReceivedMs: first.responseEnd,
    segmentsBeforeFrame: segments
      .filter((entry) => entry.responseEnd <= load.firstFrame.atMs)
      .map((entry) => named(entry.name)),
  };
}

const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => percentile(sortedOf(values), 0.5);
const ms = (value: number) => `${Math.round(value)} ms`;
const loadAverage = () => (os.loadavg()[0] as number).toFixed(1);

/** The most frequent value, with how often: "720p#0 (10/10)". */
function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const [value, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  return `${value} (${count}/${values.length})`;
}

function report(name: string, loads: LoadFacts[]): number {
  const ttff = sortedOf(loads.map((load) => load.ttffMs));
  const ttffMedian = median(ttff);
  const first = loads.map(
    (load) =>
      `${rungName(load.firstSegment.variant)}#${load.firstSegment.index} (${load.firstSegment.seconds.toFixed(1)} s, ${(load.firstSegment.bytes / 1e6).toFixed(2)} MB, ${(load.firstSegment.variant.bandwidth / 1e6).toFixed(2)} Mbit/s)`,
  );
  console.log(
    `  ${name.padEnd(30)} TTFF median ${ms(ttffMedian).padStart(8)}   p90 ${ms(percentile(ttff, 0.9)).padStart(8)}   min ${ms(ttff[0] as number).padStart(8)}`,
  );
  console.log(
    `    master playlist asked at ${ms(median(loads.map((load) => load.masterRequestedMs)))}, first segment asked at ${ms(median(loads.map((load) => load.firstSegmentRequestedMs)))} and received at ${ms(median(loads.map((load) => load.firstSegmentReceivedMs)))} (medians)`,
  );
  console.log(
    `    hls.js started with ${mostCommon(first)}; segments received before the first frame ${mostCommon(loads.map((load) => load.segmentsBeforeFrame.join(', ')))}; first frame ${mostCommon(loads.map((load) => `${load.frameHeight}p`))}`,
  );
  console.log(`    loads: ${loads.map((load) => Math.round(load.ttffMs)).join(', ')} ms`);
  return ttffMedian;
}

async function runCase(
  browser: Browser,
  network: NetworkCase,
  pages: { bare: string; watch: string },
  stream: HlsStream,
): Promise<boolean> {
  const bare: LoadFacts[] = [];
  const watch: LoadFacts[] = [];
  // Alternating, so a change in the machine's load falls on both.
  for (let round = 0; round < LOADS; round += 1) {
    bare.push(readLoad(await loadOnce(browser, pages.bare, network), stream));
    watch.push(readLoad(await loadOnce(browser, pages.watch, network), stream));
  }
  console.log(`${network.name}: ${LOADS} cold loads of each`);
  const bareMedian = report('bare page, hls.js defaults', bare);
  const watchMedian = report('watch page', watch);
  const ratio = watchMedian / bareMedian;
  const met = ratio <= TARGET_RATIO;
  console.log(
    `  watch / bare (medians): ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x): ${met ? 'met' : 'NOT met'}`,
  );
  return met;
}

async function main(): Promise<void> {
  const source = await makeSourceClip(resolveFfmpegBinaries().ffmpeg, SECONDS, { width: 1920, height: 1080 });
  const cloud = await openCloud();
  let browser: Browser | undefined;
  let bare: Awaited<ReturnType<typeof startBarePlayerPage>> | undefined;
  try {
    const video: DoneVideo = await makeDoneVideo(cloud.endpoints, source);
    const stream = await readHlsStream(video.playlistUrl);
    console.log(
      `playback: a ${SECONDS} s 1920x1080 source with audio, ${video.seconds > 0 ? `DONE through the pipeline in ${video.seconds.toFixed(0)} s` : `DONE in an earlier run`} (${cloud.description})`,
    );
    console.log(
      `ladder, as the master playlist lists it: ${stream.variants
        .map((variant) => {
          const first = [...stream.segments.values()].find(
            (segment) => segment.variant === variant && segment.index === 0,
          );
          return `${rungName(variant)} ${(variant.bandwidth / 1e6).toFixed(2)} Mbit/s (segment 0: ${first?.seconds.toFixed(1)} s, ${((first?.bytes ?? 0) / 1e6).toFixed(2)} MB)`;
        })
        .join('; ')}`,
    );
    const config = (await (await fetch(`${cloud.endpoints.webUrl}/config.json`)).json()) as ClientConfig;
    bare = await startBarePlayerPage(video.playlistUrl, config);
    const pages = { bare: bare.url, watch: `${cloud.endpoints.webUrl}/watch/${video.id}` };
    browser = await launchChromium();
    // Unmeasured: the first page Chromium renders pays for starting its processes.
    await loadOnce(browser, pages.bare, CASES[0] as NetworkCase);
    await loadOnce(browser, pages.watch, CASES[0] as NetworkCase);
    const loadBefore = loadAverage();
    const met: boolean[] = [];
    for (const network of CASES) {
      console.log('');
      met.push(await runCase(browser, network, pages, stream));
    }
    console.log('');
    console.log(
      `load average (1 min) ${loadBefore} before the loads, ${loadAverage()} after (${os.cpus().length} cores)`,
    );
    console.log(
      `target (watch page <= ${TARGET_RATIO}x the bare page's median, in both cases): ${met.every(Boolean) ? 'met' : 'NOT met'}`,
    );
  } finally {
    await browser?.close();
    await bare?.close();
    await cloud.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
