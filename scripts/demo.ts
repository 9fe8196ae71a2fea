// npm run demo -- path/to/video.mp4: the product from a terminal, against the running local cloud
// (npm start). Signs in as the demo user (made on first use), uploads the file as a browser does
// (one presigned POST up to the POST limit, a multipart upload in parts above it, resumed by
// running the same command again after an interrupt), registers it, follows onVideoStatusChanged
// until DONE or FAILED, and prints where to play and watch it. Progress goes to stderr (redrawn on a
// terminal, a line every few seconds otherwise); the result goes to stdout (--json: the final video
// as JSON, nothing else).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { print } from 'graphql';
import { parseBandwidthLimit } from './lib/bandwidth-limit';
import { CliError } from './lib/cli-error';
import { DEMO_EMAIL, DEMO_PASSWORD, signInDemoUser } from './lib/demo-user';
import { GraphQLRequestError, graphqlRequest } from './lib/graphql-request';
import { connectLocalCloud } from './lib/local-endpoints';
import { completeMultipartUpload, createUploadPartUrls } from './lib/multipart-api';
import type { Api, MultipartUploadState } from './lib/multipart-api';
import { resumeInterruptedUpload, startNewMultipartUpload } from './lib/multipart-session';
import { uploadParts } from './lib/multipart-upload';
import { PartUploadError } from './lib/part-upload';
import { postUpload } from './lib/post-upload';
import type { PostUploadOptions } from './lib/post-upload';
import { ProgressRenderer, formatTaskLine, formatTransferLine } from './lib/progress';
import { openSubscription } from './lib/realtime-subscription';
import type { Subscription } from './lib/realtime-subscription';
import { ResumeNotes } from './lib/resume-notes';
import { TokenBucket } from './lib/token-bucket';
import { fetchUploadLimits } from './lib/upload-limits';
import { inspectVideoFile } from './lib/video-file';
import type { VideoFile } from './lib/video-file';
import { formatBitrate, formatBytes, formatDuration, formatRate } from '../common/format';
import { bytesHeld, heldParts } from '../common/multipart-parts';
import { computeRate, trimSamples } from '../common/progress-rate';
import type { RateSample } from '../common/progress-rate';
import { CreateUploadUrlDocument, CreateVideoDocument } from '../generated/client-operations';
import type { CreateUploadUrlMutation, CreateVideoMutation } from '../generated/client-operations';
import type { Rendition, Video as GeneratedVideo, VideoStatusEvent } from '../generated/graphql';

const USAGE = `usage: npm run demo -- <video file> [--title T] [--description D] [--bwlimit RATE] [--email E] [--password P] [--data-dir DIR] [--json] [--timeout SECONDS]
  Uploads the file to the running local cloud (npm start) as ${DEMO_EMAIL} (made on first use) and follows it to DONE.
  A file over the POST limit goes in parts; after an interrupt, the same command resumes it.
  --bwlimit caps the upload rate as rclone's does: 10M is 10 MiB/s, 512K 512 KiB/s, a bare number KiB/s.`;

// The upload's operations are the web client's own documents; the demo reads more of a video than the client does.
const TICKET = print(CreateUploadUrlDocument);
const CREATE = print(CreateVideoDocument);
const GET = `query Get($id: ID!) { getVideo(id: $id) {
  id title description status progress createdAt updatedAt durationSeconds width height playlistUrl thumbnailUrl failureReason
  renditions { width height bandwidth averageBandwidth codecs playlistPath }
} }`;
const STATUS =
  'subscription Status($id: ID) { onVideoStatusChanged(id: $id) { id status progress updatedAt failureReason playlistUrl } }';
/** With no event for this long, ask getVideo (a lost event must not leave the demo waiting). */
const POLL_AFTER_SILENCE_MS = 15_000;

type StatusEvent = Pick<VideoStatusEvent, 'id' | 'status' | 'progress' | 'updatedAt' | 'failureReason' | 'playlistUrl'>;
type Video = Omit<
  GeneratedVideo,
  '__typename' | 'userId' | 'ownerName' | 'ownerTag' | 'createdAt' | 'updatedAt' | 'renditions'
> & {
  renditions?: Array<Omit<Rendition, '__typename'>> | null;
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        title: { type: 'string' },
        description: { type: 'string' },
        email: { type: 'string', default: process.env.VIDEOPIPE_DEMO_EMAIL ?? DEMO_EMAIL },
        password: { type: 'string', default: process.env.VIDEOPIPE_DEMO_PASSWORD ?? DEMO_PASSWORD },
        'data-dir': { type: 'string' },
        bwlimit: { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '1800' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();

// npm runs scripts from the package root; paths on the command line are the caller's (INIT_CWD).
const callerDir = process.env.INIT_CWD ?? process.cwd();
const repoRoot = path.resolve(__dirname, '..');
const interactive = Boolean(process.stderr.isTTY);
const renderer = new ProgressRenderer({ stream: process.stderr, interactive });
const say = (line: string) => {
  renderer.clearLine();
  process.stderr.write(`${line}\n`);
};

const cleanup: Array<() => void> = [];
let stopping = false;
/** What Ctrl-C says while a multipart upload is under way (how to resume it). */
let interruptMessage: (() => string) | undefined;

function stop(message: string, code: number): never {
  stopping = true;
  for (const step of cleanup.splice(0).reverse()) step();
  renderer.clearLine();
  if (message) process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The upload's bar over all its bytes, `held` of them there already (a resumed upload's parts). */
function uploadProgress(total: number, held = 0) {
  const started = Date.now();
  const samples: RateSample[] = [{ atMs: started, value: held }];
  const line = (done: number) => formatTransferLine('upload   ', { done, total, rate: computeRate(samples) });
  renderer.update(line(held), true);
  return {
    update(done: number) {
      samples.push({ atMs: Date.now(), value: done });
      trimSamples(samples);
      renderer.update(line(done));
    },
    /** Seconds since the bar began. */
    finish(): number {
      renderer.finish(line(total));
      return (Date.now() - started) / 1000;
    },
  };
}

async function uploadByPost(options: Omit<PostUploadOptions, 'onProgress'>): Promise<number> {
  const progress = uploadProgress(options.fileSize);
  await postUpload({ ...options, onProgress: (sent) => progress.update(sent) });
  return progress.finish();
}

/** This very command, to run again: how a stopped multipart upload resumes. */
function resumeCommand(): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ['npm run demo --', ...process.argv.slice(2).map(quote)].join(' ');
}

/** The missing parts of a multipart upload, a few at a time, with a bar over the whole file. */
async function uploadInParts(options: {
  upload: MultipartUploadState;
  file: VideoFile;
  api: Api;
  bucket: TokenBucket | undefined;
  signal: AbortSignal;
}): Promise<number> {
  const { upload, file } = options;
  const plan = { size: upload.size, partSize: upload.partSize, partCount: upload.partCount };
  let partsDone = heldParts(plan, upload.uploadedParts).length;
  const kept = () =>
    `The upload is kept (${partsDone} of ${plan.partCount} parts uploaded): run the same command again to resume it:\n  ${resumeCommand()}`;
  interruptMessage = () => `Stopped (Ctrl-C). ${kept()}`;
  const progress = uploadProgress(plan.size, bytesHeld(plan, upload.uploadedParts));
  try {
    await uploadParts({
      filePath: file.path,
      plan,
      uploadedParts: upload.uploadedParts,
      signUrls: (partNumbers) => createUploadPartUrls(options.api, upload.videoId, partNumbers),
      bucket: options.bucket,
      signal: options.signal,
      onProgress: (now) => {
        partsDone = now.partsDone;
        progress.update(now.loaded);
      },
      onRetry: ({ partNumber, retry, delayMs, reason }) =>
        say(
          `part ${partNumber}: ${reason} Trying again in ${Math.max(1, Math.round(delayMs / 1000))} s (retry ${retry}).`,
        ),
    });
  } catch (error) {
    // A part that would not go, or the API gone quiet: what is up stays up.
    if (error instanceof PartUploadError || error instanceof CliError)
      throw new CliError(`${error.message}\n${kept()}`);
    throw error;
  } finally {
    interruptMessage = undefined;
  }
  return progress.finish();
}

/** Follows the subscription (and getVideo when it is silent) to DONE or FAILED. */
function followToFinalState(options: {
  events: StatusEvent[];
  onEvent: { current?: (event: StatusEvent) => void };
  getVideo: () => Promise<Video | null>;
  timeoutMs: number;
}): Promise<StatusEvent['status']> {
  const started = Date.now();
  const samples: RateSample[] = [];
  let latest: StatusEvent | undefined;
  let lastNewsMs = started;
  const line = () =>
    formatTaskLine('transcode', {
      percent: latest?.progress ?? 0,
      elapsedSeconds: (Date.now() - started) / 1000,
      rate: computeRate(samples, 30_000),
      detail: latest ? latest.status : 'waiting for the pipeline to start',
    });
  return new Promise((resolve, reject) => {
    let polling = false;
    let settled = false;
    const settle = (status: StatusEvent['status']) => {
      settled = true;
      clearInterval(ticker);
      options.onEvent.current = undefined;
      renderer.finish(line());
      resolve(status);
    };
    const take = (event: StatusEvent) => {
      if (settled) return;
      lastNewsMs = Date.now();
      latest = event;
      samples.push({ atMs: lastNewsMs, value: event.progress });
      trimSamples(samples, 30_000);
      if (event.status !== 'PROCESSING') return settle(event.status);
      renderer.update(line());
    };
    const ticker = setInterval(() => {
      if (Date.now() - started > options.timeoutMs) {
        clearInterval(ticker);
        renderer.clearLine();
        reject(
          new CliError(
            `No final state after ${formatDuration(options.timeoutMs / 1000)}; the video keeps processing in the local cloud (see its log).`,
          ),
        );
        return;
      }
      renderer.update(line());
      if (!polling && Date.now() - lastNewsMs > POLL_AFTER_SILENCE_MS) {
        polling = true;
        options.getVideo().then(
          (video) => {
            polling = false;
            lastNewsMs = Date.now();
            if (video && video.status !== 'PROCESSING')
              take({
                id: video.id,
                status: video.status,
                progress: video.progress,
                updatedAt: '',
                failureReason: video.failureReason,
                playlistUrl: video.playlistUrl,
              });
          },
          () => {
            polling = false;
            lastNewsMs = Date.now();
          },
        );
      }
    }, 1000);
    // Events that came before this point (a short clip can finish while createVideo runs).
    for (const event of options.events.splice(0)) {
      take(event);
      if (event.status !== 'PROCESSING') return;
    }
    options.onEvent.current = take;
  });
}

function printDone(video: Video, watchUrl: string, seconds: { upload: number; total: number }): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const size = video.width && video.height ? `, ${video.width}x${video.height}` : '';
  const length = video.durationSeconds ? `${video.durationSeconds.toFixed(1)} s` : 'unknown length';
  out(
    `DONE: "${video.title}" (${length}${size}), id ${video.id}, ${formatDuration(seconds.total)} after the upload began (upload ${formatDuration(seconds.upload)}).`,
  );
  out(`Master playlist: ${video.playlistUrl}`);
  out(`Watch it: ${watchUrl}`);
  const renditions = video.renditions ?? [];
  out(`Renditions (${renditions.length}):`);
  for (const rendition of renditions) {
    out(
      `  ${`${rendition.width}x${rendition.height}`.padEnd(10)} ${formatBitrate(rendition.bandwidth).padStart(9)}  ${rendition.codecs}`,
    );
  }
  if (video.thumbnailUrl) out(`Thumbnail: ${video.thumbnailUrl}`);
  out(`Play it: ffplay '${video.playlistUrl}'   (or any HLS player: VLC, mpv, Safari)`);
}

type Ticket = CreateUploadUrlMutation['createUploadUrl'];

/** How this run gets the file to S3: one POST, the parts of a multipart upload, or not at all (done before). */
type UploadRoute =
  | { via: 'post'; videoId: string; ticket: Ticket }
  | { via: 'parts'; videoId: string; upload: MultipartUploadState }
  | { via: 'registered'; videoId: string };

async function requestTicket(api: Api, file: VideoFile): Promise<Ticket> {
  try {
    return (
      await api<CreateUploadUrlMutation>(TICKET, {
        input: { contentType: file.contentType, size: file.size },
      })
    ).createUploadUrl;
  } catch (error) {
    // The API's refusals (size over the limit, not a video type) are already sentences.
    if (error instanceof GraphQLRequestError) throw new CliError(`${file.name} cannot be uploaded: ${error.message}`);
    throw error;
  }
}

/** An interrupted upload of this file goes on; otherwise files over the POST limit go in parts. */
async function chooseRoute(api: Api, file: VideoFile, notes: ResumeNotes, webUrl: string): Promise<UploadRoute> {
  const resumed = await resumeInterruptedUpload({ api, notes, file, say });
  if (resumed && 'upload' in resumed) return { via: 'parts', videoId: resumed.upload.videoId, upload: resumed.upload };
  if (resumed) return { via: 'registered', videoId: resumed.registeredVideoId };
  const { maxUploadBytes } = await fetchUploadLimits(webUrl);
  if (file.size > maxUploadBytes) {
    const upload = await startNewMultipartUpload({ api, notes, file });
    return { via: 'parts', videoId: upload.videoId, upload };
  }
  const ticket = await requestTicket(api, file);
  return { via: 'post', videoId: ticket.videoId, ticket };
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [videoPath, ...extraPositionals] = positionals;
  if (videoPath === undefined || extraPositionals.length > 0)
    throw new CliError(`Name one video file to upload.\n${USAGE}`, 2);
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new CliError(`--timeout must be a number of seconds; got ${values.timeout}.`, 2);
  const rate = values.bwlimit === undefined ? undefined : parseBandwidthLimit(values.bwlimit);
  const bucket = rate === undefined ? undefined : new TokenBucket(rate);
  const file = inspectVideoFile(path.resolve(callerDir, videoPath));
  const dataDir = values['data-dir']
    ? path.resolve(callerDir, values['data-dir'])
    : path.resolve(repoRoot, process.env.VIDEOPIPE_DATA_DIR ?? '.data');
  const endpoints = await connectLocalCloud(dataDir);

  const user = await signInDemoUser(endpoints, values.email, values.password);
  say(`${user.created ? 'Signed up and signed in' : 'Signed in'} as ${user.email}.`);
  const api: Api = (query, variables) => graphqlRequest(endpoints.graphqlUrl, user.idToken, query, variables);
  const notes = new ResumeNotes(dataDir);
  const route = await chooseRoute(api, file, notes, endpoints.webUrl);
  const { videoId } = route;

  // Subscribed before the upload: processing starts as soon as the object lands, so no event is lost.
  const early: StatusEvent[] = [];
  const handler: { current?: (event: StatusEvent) => void } = {};
  const subscription: Subscription = await openSubscription({
    realtimeUrl: endpoints.realtimeUrl,
    graphqlUrl: endpoints.graphqlUrl,
    authorization: { Authorization: user.idToken },
    query: STATUS,
    variables: { id: videoId },
    onData: (data) => {
      const event = data.onVideoStatusChanged as StatusEvent | undefined;
      if (!event || event.id !== videoId) return;
      if (handler.current) handler.current(event);
      else early.push(event);
    },
    // getVideo takes over when the socket goes (followToFinalState polls after a silence).
    onEnd: (reason) => {
      if (!stopping) say(`Live status stopped (${reason}); checking the video now and then instead.`);
    },
  });
  cleanup.push(() => subscription.close());

  const uploadStarted = Date.now();
  let uploadSeconds = 0;
  if (route.via !== 'registered') {
    const how = route.via === 'parts' ? ` in ${route.upload.partCount} parts` : '';
    const limit = rate === undefined ? '' : `, at most ${formatRate(rate)}`;
    say(`Uploading ${file.name} (${formatBytes(file.size)}, ${file.contentType}) as video ${videoId}${how}${limit}.`);
    const abort = new AbortController();
    cleanup.push(() => abort.abort());
    uploadSeconds =
      route.via === 'parts'
        ? await uploadInParts({ upload: route.upload, file, api, bucket, signal: abort.signal })
        : await uploadByPost({
            url: route.ticket.url,
            fields: JSON.parse(route.ticket.fields) as Record<string, string>,
            filePath: file.path,
            fileName: file.name,
            fileSize: file.size,
            contentType: file.contentType,
            bucket,
            signal: abort.signal,
          });

    const title = values.title ?? file.name;
    const input = { id: videoId, title, ...(values.description ? { description: values.description } : {}) };
    if (route.via === 'parts') {
      try {
        await completeMultipartUpload(api, input);
      } catch (error) {
        if (error instanceof CliError)
          throw new CliError(
            `The upload could not be completed: ${error.message}\nRun the same command again to resume it:\n  ${resumeCommand()}`,
          );
        throw error;
      }
      notes.remove(file.path);
    } else {
      await api<CreateVideoMutation>(CREATE, { input });
    }
    say(`Registered "${title}"; transcoding.`);
  }

  const getVideo = async () => (await api<{ getVideo: Video | null }>(GET, { id: videoId })).getVideo;
  const status = await followToFinalState({
    events: early,
    onEvent: handler,
    getVideo,
    timeoutMs: timeoutSeconds * 1000,
  });
  subscription.close();
  const video = await getVideo();
  if (!video) throw new CliError(`Video ${videoId} finished ${status} but getVideo does not find it.`);
  if (values.json) process.stdout.write(`${JSON.stringify(video, null, 2)}\n`);
  if (video.status === 'FAILED') {
    throw new CliError(`FAILED (video ${video.id}): ${video.failureReason ?? 'no reason was recorded.'}`);
  }
  if (!values.json)
    printDone(video, new URL(`/watch/${video.id}`, endpoints.webUrl).toString(), {
      upload: uploadSeconds,
      total: (Date.now() - uploadStarted) / 1000,
    });
}

process.on('SIGINT', () =>
  stop(interruptMessage?.() ?? 'Stopped (Ctrl-C). Anything already uploaded keeps processing in the local cloud.', 130),
);
process.on('SIGTERM', () => stop('', 143));

main().then(
  () => stop('', 0),
  (error: unknown) => {
    if (error instanceof CliError) stop(error.message, error.exitCode);
    // Not one of ours: still one line, the stack only on request.
    const detail = process.env.VIDEOPIPE_DEBUG ? (error as Error).stack : ((error as Error)?.message ?? String(error));
    stop(`demo failed: ${detail}`, 1);
  },
);
