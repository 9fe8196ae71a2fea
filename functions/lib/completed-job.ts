import { parseMasterPlaylist } from './hls-master-playlist';
import type { OutputGroupDetail } from './mediaconvert-events';
import type { CompletedJob, StoredRendition } from './pipeline-video';
import { keyDirectory, parseS3Url } from './s3-url';

// What a COMPLETE event plus the master playlist say about the finished video. Pure: the caller
// reads the playlist (its key comes from findMasterPlaylistKey) and passes the text in.

const HLS_GROUP = 'HLS_GROUP';
const FILE_GROUP = 'FILE_GROUP';

export interface CompletedJobOptions {
  outputGroupDetails: readonly OutputGroupDetail[];
  masterPlaylistKey: string;
  masterPlaylist: string;
  /** Public base URL of the playback bucket (CloudFront on AWS), without a trailing slash. */
  playbackBaseUrl: string;
}

function hlsGroupOf(groups: readonly OutputGroupDetail[]): OutputGroupDetail {
  const group = groups.find((candidate) => candidate.type === HLS_GROUP);
  if (!group) throw new Error('The finished job has no HLS output group.');
  return group;
}

export function findMasterPlaylistKey(groups: readonly OutputGroupDetail[]): string {
  const master = hlsGroupOf(groups).playlistFilePaths?.[0];
  if (!master) throw new Error('The finished job names no HLS master playlist.');
  return parseS3Url(master).key;
}

export function buildPlaybackUrl(playbackBaseUrl: string, key: string): string {
  return `${playbackBaseUrl.replace(/\/+$/, '')}/${key}`;
}

export function buildCompletedJob(options: CompletedJobOptions): CompletedJob {
  const outputs = hlsGroupOf(options.outputGroupDetails).outputDetails ?? [];
  const sizeByKey = new Map(
    outputs.flatMap((output) => {
      const path = output.outputFilePaths?.[0];
      return path ? [[parseS3Url(path).key, output.videoDetails] as const] : [];
    }),
  );
  const directory = keyDirectory(options.masterPlaylistKey);
  const renditions: StoredRendition[] = parseMasterPlaylist(options.masterPlaylist).map((variant) => {
    const playlistPath = directory + variant.uri;
    const encoded = sizeByKey.get(playlistPath);
    return {
      width: variant.width ?? encoded?.widthInPx ?? 0,
      height: variant.height ?? encoded?.heightInPx ?? 0,
      bandwidth: variant.bandwidth,
      averageBandwidth: variant.averageBandwidth ?? null,
      // NOTE: MediaConvert writes CODECS (the job asks for RFC 6381); an empty string beats
      // failing a playable video over a missing hint.
      codecs: variant.codecs ?? '',
      playlistPath,
    };
  });
  if (renditions.length === 0) throw new Error('The master playlist lists no variant streams.');
  const top = renditions.reduce((best, rendition) =>
    rendition.width * rendition.height > best.width * best.height ? rendition : best,
  );
  const durationMs = Math.max(0, ...outputs.map((output) => output.durationInMs ?? 0));
  const thumbnail = options.outputGroupDetails.find((group) => group.type === FILE_GROUP)?.outputDetails?.[0]
    ?.outputFilePaths?.[0];
  return {
    durationSeconds: durationMs / 1000,
    width: top.width,
    height: top.height,
    renditions,
    playlistUrl: buildPlaybackUrl(options.playbackBaseUrl, options.masterPlaylistKey),
    thumbnailUrl: thumbnail ? buildPlaybackUrl(options.playbackBaseUrl, parseS3Url(thumbnail).key) : undefined,
  };
}
