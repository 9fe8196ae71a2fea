// MediaConvert job settings as plain data (PeerTube's habit: plan the work, then hand it to a
// runner). The same CreateJob request goes to AWS Elemental MediaConvert or to local/mediaconvert.
import type { CreateJobRequest, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import type { Rung } from './ladder';

export interface JobSettingsOptions {
  videoId: string;
  /** s3://<raw bucket>/<key> of the upload. */
  inputUrl: string;
  /** The playback bucket; outputs go under <videoId>/. */
  playbackBucket: string;
  ladder: readonly Rung[];
  hasAudio: boolean;
  roleArn: string;
  /** Seconds between STATUS_UPDATE events. */
  statusUpdateIntervalSeconds?: StatusUpdateIntervalSeconds;
  segmentSeconds?: number;
  audioBitrate?: number;
}

/** The intervals MediaConvert accepts for StatusUpdateInterval (SECONDS_<n>). */
export const STATUS_UPDATE_INTERVALS = [10, 12, 15, 20, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600] as const;
export type StatusUpdateIntervalSeconds = (typeof STATUS_UPDATE_INTERVALS)[number];

export function isStatusUpdateInterval(seconds: number): seconds is StatusUpdateIntervalSeconds {
  return (STATUS_UPDATE_INTERVALS as readonly number[]).includes(seconds);
}

export const HLS_DIRECTORY = 'hls';
export const THUMBNAIL_DIRECTORY = 'thumbnail';
/** MediaConvert names the master playlist after the destination's last path part. */
export const MASTER_PLAYLIST_BASENAME = 'index';
export const GOP_SECONDS = 2;
const AUDIO_SELECTOR = 'Audio Selector 1';

export function hlsNameModifier(rung: Pick<Rung, 'shortSide'>): string {
  return `_${rung.shortSide}p`;
}

function hlsOutput(rung: Rung, options: JobSettingsOptions): Output {
  return {
    NameModifier: hlsNameModifier(rung),
    ContainerSettings: { Container: 'M3U8', M3u8Settings: {} },
    VideoDescription: {
      Width: rung.width,
      Height: rung.height,
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          RateControlMode: 'QVBR',
          QvbrSettings: { QvbrQualityLevel: rung.qvbrQuality },
          MaxBitrate: rung.maxBitrate,
          // Fixed GOPs without scene-cut keyframes line segments up across rungs.
          GopSize: GOP_SECONDS,
          GopSizeUnits: 'SECONDS',
          GopClosedCadence: 1,
          SceneChangeDetect: 'DISABLED',
          CodecProfile: 'HIGH',
          CodecLevel: 'AUTO',
          FramerateControl: 'INITIALIZE_FROM_SOURCE',
        },
      },
    },
    AudioDescriptions: options.hasAudio
      ? [
          {
            AudioSourceName: AUDIO_SELECTOR,
            CodecSettings: {
              Codec: 'AAC',
              AacSettings: {
                Bitrate: options.audioBitrate ?? 96_000,
                CodingMode: 'CODING_MODE_2_0',
                SampleRate: 48_000,
              },
            },
          },
        ]
      : undefined,
  };
}

function hlsGroup(options: JobSettingsOptions): OutputGroup {
  return {
    Name: 'HLS',
    OutputGroupSettings: {
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: {
        Destination: `s3://${options.playbackBucket}/${options.videoId}/${HLS_DIRECTORY}/${MASTER_PLAYLIST_BASENAME}`,
        SegmentLength: options.segmentSeconds ?? 6,
        MinSegmentLength: 0,
        SegmentControl: 'SEGMENTED_FILES',
        DirectoryStructure: 'SINGLE_DIRECTORY',
        OutputSelection: 'MANIFESTS_AND_SEGMENTS',
        CodecSpecification: 'RFC_6381',
        StreamInfResolution: 'INCLUDE',
        ManifestDurationFormat: 'FLOATING_POINT',
      },
    },
    Outputs: options.ladder.map((rung) => hlsOutput(rung, options)),
  };
}

/** MediaConvert's bounds for an output's width and height (VideoDescription, 32-8192). */
export const MIN_OUTPUT_SIDE = 32;
const THUMBNAIL_MAX_WIDTH = 1280;

/**
 * One JPEG from early in the video, at the top rung's size capped at 1280 wide, but never
 * scaled below MediaConvert's 32 pixels on the short side (a 4096x96 panorama would give 1280x30,
 * which CreateJob refuses): such a thumbnail stays wider than 1280.
 */
function thumbnailGroup(options: JobSettingsOptions, top: Rung): OutputGroup {
  const scale = Math.min(
    1,
    Math.max(THUMBNAIL_MAX_WIDTH / top.width, MIN_OUTPUT_SIDE / Math.min(top.width, top.height)),
  );
  return {
    Name: 'Thumbnail',
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: {
        Destination: `s3://${options.playbackBucket}/${options.videoId}/${THUMBNAIL_DIRECTORY}/poster`,
      },
    },
    Outputs: [
      {
        ContainerSettings: { Container: 'RAW' },
        VideoDescription: {
          Width: 2 * Math.round((top.width * scale) / 2),
          Height: 2 * Math.round((top.height * scale) / 2),
          CodecSettings: {
            Codec: 'FRAME_CAPTURE',
            FrameCaptureSettings: { FramerateNumerator: 1, FramerateDenominator: 1, MaxCaptures: 1, Quality: 80 },
          },
        },
      },
    ],
  };
}

export function buildJobSettings(options: JobSettingsOptions): CreateJobRequest {
  const [top] = options.ladder;
  if (!top) throw new Error('A job needs at least one rendition.');
  return {
    Role: options.roleArn,
    UserMetadata: { videoId: options.videoId, bucket: options.playbackBucket },
    StatusUpdateInterval: `SECONDS_${options.statusUpdateIntervalSeconds ?? 10}`,
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' },
      Inputs: [
        {
          FileInput: options.inputUrl,
          TimecodeSource: 'ZEROBASED',
          VideoSelector: { Rotate: 'AUTO' },
          AudioSelectors: options.hasAudio ? { [AUDIO_SELECTOR]: { DefaultSelection: 'DEFAULT' } } : undefined,
        },
      ],
      OutputGroups: [hlsGroup(options), thumbnailGroup(options, top)],
    },
  };
}
