import path from 'node:path';
import { ffmpeg } from './hostile-media';

// A short clip in each container the pipeline takes (common/media-containers.ts), made with ffmpeg
// with codecs MediaConvert's input table pairs with that container where ffmpeg can write them
// (ASF's VC-1 it cannot: WMV2 stands in), and an Ogg one it does not take.

export interface ContainerClip {
  name: string;
  file: string;
  /** Codec arguments; sound is 48 kHz (the layer's MPEG-TS probe misses 44.1 kHz AAC in a 1 s clip). */
  codecs: string[];
  /** ffprobe's codec_name of the picture. */
  video: string;
  audio: boolean;
}

const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** H.264 and AAC in MPEG-TS: also what an HLS segment is. */
export const TS_CLIP: ContainerClip = {
  name: 'MPEG-TS',
  file: 'clip.ts',
  codecs: [...h264, '-c:a', 'aac'],
  video: 'h264',
  audio: true,
};

export const CONTAINER_CLIPS: ContainerClip[] = [
  { name: 'MP4', file: 'clip.mp4', codecs: [...h264, '-c:a', 'aac'], video: 'h264', audio: true },
  { name: 'MOV', file: 'clip.mov', codecs: [...h264, '-c:a', 'aac'], video: 'h264', audio: true },
  { name: '3GP', file: 'clip.3gp', codecs: [...h264, '-c:a', 'aac'], video: 'h264', audio: true },
  { name: 'MKV', file: 'clip.mkv', codecs: [...h264, '-c:a', 'aac'], video: 'h264', audio: true },
  {
    name: 'WebM',
    file: 'clip.webm',
    codecs: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p', '-c:a', 'libopus'],
    video: 'vp9',
    audio: true,
  },
  TS_CLIP,
  { name: 'AVI', file: 'clip.avi', codecs: ['-c:v', 'mpeg4', '-c:a', 'mp3'], video: 'mpeg4', audio: true },
  { name: 'WMV', file: 'clip.wmv', codecs: ['-c:v', 'wmv2', '-c:a', 'wmav2'], video: 'wmv2', audio: true },
  { name: 'FLV', file: 'clip.flv', codecs: [...h264, '-c:a', 'aac'], video: 'h264', audio: true },
  {
    name: 'MPEG-PS',
    file: 'clip.mpg',
    codecs: ['-c:v', 'mpeg2video', '-c:a', 'mp2', '-f', 'vob'],
    video: 'mpeg2video',
    audio: true,
  },
  { name: 'GIF', file: 'clip.gif', codecs: ['-an', '-c:v', 'gif'], video: 'gif', audio: false },
];

/** Theora and Vorbis in Ogg: a video, in a container MediaConvert does not take as a video input. */
export const OGG_CLIP: ContainerClip = {
  name: 'Ogg',
  file: 'clip.ogv',
  codecs: ['-c:v', 'libtheora', '-c:a', 'libvorbis'],
  video: 'theora',
  audio: true,
};

/** The clip in `dir`: 320x240 at 25 fps, `seconds` long, with a 440 Hz tone where it has sound. */
export async function makeContainerClip(dir: string, clip: ContainerClip, seconds = 2): Promise<string> {
  const file = path.join(dir, clip.file);
  await ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    ...(clip.audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`] : []),
    ...clip.codecs,
    file,
  );
  return file;
}
